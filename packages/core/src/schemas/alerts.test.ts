import { describe, expect, it } from 'vitest';
import {
  CreateMaintenanceWindowInput,
  CreateNotificationChannelInput,
  NotificationChannel,
  TimeZone,
} from './index';

const fieldOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues[0]?.path.join('.');

describe('CreateNotificationChannelInput', () => {
  it('takes each type with its own config', () => {
    for (const body of [
      { type: 'slack', name: 'a', config: { webhookUrl: 'https://hooks.slack.com/services/x' } },
      { type: 'msteams', name: 'a', config: { webhookUrl: 'https://x.logic.azure.com/wf' } },
      {
        type: 'discord',
        name: 'a',
        config: { webhookUrl: 'https://discord.com/api/webhooks/1/x' },
      },
      { type: 'email', name: 'a', config: { to: ['ops@example.com'] } },
      { type: 'pagerduty', name: 'a', config: { routingKey: 'R0UT1NGKEYabcdefghijklmnopqrstuv' } },
    ]) {
      expect(CreateNotificationChannelInput.safeParse(body).success, body.type).toBe(true);
    }
  });

  it('refuses a config of another type, naming the field', () => {
    const result = CreateNotificationChannelInput.safeParse({
      type: 'email',
      name: 'a',
      config: { webhookUrl: 'https://hooks.slack.com/x' },
    });
    expect(result.success).toBe(false);
    expect(fieldOf(result)).toMatch(/^config\./);
    expect(
      fieldOf(CreateNotificationChannelInput.safeParse({ type: 'webhook', name: 'a', config: {} })),
    ).toBe('type');
  });

  it('reads never carry a secret field', () => {
    const shape = Object.keys(NotificationChannel.shape.config.shape);
    expect(shape).toEqual(['webhookUrlHint', 'routingKeyHint', 'to']);
  });
});

describe('CreateMaintenanceWindowInput', () => {
  it('is a one-off or a recurring window, never half of each', () => {
    expect(
      CreateMaintenanceWindowInput.safeParse({
        name: 'a',
        startsAt: '2030-01-01T00:00:00Z',
        endsAt: '2030-01-01T01:00:00Z',
      }).success,
    ).toBe(true);
    expect(
      CreateMaintenanceWindowInput.safeParse({
        name: 'a',
        rrule: 'FREQ=WEEKLY',
        durationMinutes: 30,
        timeZone: 'Europe/Berlin',
      }).success,
    ).toBe(true);
    const cases: [object, string][] = [
      [{ name: 'a', startsAt: '2030-01-01T00:00:00Z' }, 'endsAt'],
      [{ name: 'a', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 'endsAt'],
      [{ name: 'a', rrule: 'FREQ=DAILY', timeZone: 'UTC' }, 'durationMinutes'],
      [{ name: 'a', rrule: 'FREQ=DAILY', durationMinutes: 5 }, 'timeZone'],
      [
        {
          name: 'a',
          rrule: 'FREQ=DAILY',
          durationMinutes: 5,
          timeZone: 'UTC',
          endsAt: '2030-01-01T00:00:00Z',
        },
        'endsAt',
      ],
    ];
    for (const [body, field] of cases) {
      expect(fieldOf(CreateMaintenanceWindowInput.safeParse(body)), JSON.stringify(body)).toBe(
        field,
      );
    }
  });

  it('knows IANA zones', () => {
    expect(TimeZone.safeParse('America/New_York').success).toBe(true);
    expect(TimeZone.safeParse('Mars/Olympus').success).toBe(false);
  });
});
