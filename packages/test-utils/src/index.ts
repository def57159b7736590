export { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, launchChromium } from './chromium';
export { DATABASES, type DatabaseKind, warnIfPostgresSkipped } from './databases';
export {
  type LoopbackHandler,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from './loopback-server';
