import { describe, expect, it } from 'vitest';
import { parseAllowList } from './allow-list';
import { literalHostAllowed } from './guarded-agent';

describe('literalHostAllowed (the literal-IP check of every guarded client)', () => {
  const none = parseAllowList(undefined);

  it('leaves named hosts to the guarded lookup', () => {
    expect(literalHostAllowed(new URL('https://api.example.com/x'), none)).toBeNull();
    expect(literalHostAllowed(new URL('http://localhost:8080/'), none)).toBeNull();
  });

  it('allows public addresses and refuses private, reserved and disguised ones', () => {
    expect(literalHostAllowed(new URL('https://93.184.216.34/'), none)).toBe(true);
    expect(literalHostAllowed(new URL('http://[2606:4700::1111]/'), none)).toBe(true);
    for (const url of [
      'http://127.0.0.1/',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::127.0.0.1]/',
      'http://0x7f000001/',
      'http://2130706433/',
      'http://0177.1/',
      'http://0/',
    ]) {
      expect(literalHostAllowed(new URL(url), none), url).toBe(false);
    }
  });

  it('lets the operator allow-list reach a private address', () => {
    const loopback = parseAllowList('127.0.0.1,::1');
    expect(literalHostAllowed(new URL('http://127.0.0.1:9000/'), loopback)).toBe(true);
    expect(literalHostAllowed(new URL('http://[::1]:9000/'), loopback)).toBe(true);
    expect(literalHostAllowed(new URL('http://10.0.0.1/'), loopback)).toBe(false);
  });
});
