import type { LoopbackHandler } from '@waygate/test-utils';

/**
 * The upstream behaviours the prober must classify, by path:
 * `/ok`, `/slow/<ms>`, `/hang`, `/stall-body` (headers, then a body that never ends), `/status/<code>[?retry-after=…]`, `/redirect/<n>` (a chain of n
 * hops ending at /ok), `/redirect-to?location=<url>`, `/reset` (TCP reset), `/close` (socket
 * closed without a response). Every body carries `bodySecret` so tests can prove bodies are
 * never kept.
 */
export function upstreamHandler(bodySecret: string): LoopbackHandler {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    const [, kind, argument] = url.pathname.split('/');
    const send = (status: number, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'text/plain', ...headers });
      response.end(`body with ${bodySecret}`);
    };
    switch (kind) {
      case 'ok':
        send(200);
        return;
      case 'slow':
        setTimeout(() => send(200), Number(argument));
        return;
      case 'hang':
        return;
      case 'stall-body':
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write(`partial ${bodySecret}`);
        return;
      case 'status': {
        const retryAfter = url.searchParams.get('retry-after');
        send(Number(argument), retryAfter === null ? {} : { 'retry-after': retryAfter });
        return;
      }
      case 'redirect': {
        const left = Number(argument);
        send(302, { location: left <= 1 ? `/ok?from=${bodySecret}` : `/redirect/${left - 1}` });
        return;
      }
      case 'redirect-to':
        send(Number(url.searchParams.get('status') ?? 302), {
          location: url.searchParams.get('location') ?? '/',
        });
        return;
      case 'reset':
        request.socket.resetAndDestroy();
        return;
      case 'close':
        request.socket.destroy();
        return;
      default:
        send(404);
    }
  };
}
