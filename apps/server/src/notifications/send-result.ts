/** How one send to a channel went (one POST, one mail, or all of a message's PagerDuty events). */
export interface ChannelSendResult {
  success: boolean;
  statusCode?: number;
  latencyMs: number;
  error?: { code: string; message: string };
}
