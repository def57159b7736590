import { describe, expect, it } from 'vitest';
import { allowListSource, parseAllowList } from './allow-list';

describe('parseAllowList', () => {
  it('allows nothing when unset or empty', () => {
    for (const value of [undefined, '', ' , ,']) {
      const list = parseAllowList(value);
      expect(list.allows('127.0.0.1')).toBe(false);
      expect(list.allows('localhost', '127.0.0.1')).toBe(false);
    }
  });

  it('matches an IP entry in any spelling of the same address', () => {
    const list = parseAllowList('127.0.0.1');
    expect(list.allows('127.0.0.1')).toBe(true);
    expect(list.allows('[::ffff:7f00:1]')).toBe(true);
    expect(list.allows('api.example', '127.0.0.1')).toBe(true);
    expect(list.allows('api.example', '::ffff:127.0.0.1')).toBe(true);
    expect(list.allows('127.0.0.2')).toBe(false);
    expect(list.allows('0.0.0.0')).toBe(false);
    expect(list.allows('::1')).toBe(false);
    expect(list.allows('api.example')).toBe(false);
  });

  it('matches CIDRs for IPv4 and IPv6', () => {
    const list = parseAllowList(' 10.0.0.0/8 , fd00::/8,[::1]');
    expect(list.allows('10.200.3.4')).toBe(true);
    expect(list.allows('svc.internal', '10.0.0.1')).toBe(true);
    expect(list.allows('11.0.0.1')).toBe(false);
    expect(list.allows('[fd12::1]')).toBe(true);
    expect(list.allows('fe80::1')).toBe(false);
    expect(list.allows('::1')).toBe(true);
  });

  it('judges the resolved address, not the host name, for CIDRs', () => {
    const list = parseAllowList('10.0.0.0/8');
    expect(list.allows('10.0.0.1', '127.0.0.1')).toBe(false);
  });

  it('matches host names exactly, case-insensitively, and wildcards on subdomains only', () => {
    const list = parseAllowList('Mock.Internal,*.svc.local');
    expect(list.allows('mock.internal', '10.0.0.1')).toBe(true);
    expect(list.allows('MOCK.INTERNAL.')).toBe(true);
    expect(list.allows('evil-mock.internal')).toBe(false);
    expect(list.allows('mock.internal.evil.com')).toBe(false);
    expect(list.allows('a.svc.local')).toBe(true);
    expect(list.allows('a.b.svc.local')).toBe(true);
    expect(list.allows('svc.local')).toBe(false);
    expect(list.allows('evilsvc.local')).toBe(false);
  });

  it.each([
    'http://127.0.0.1',
    '127.0.0.1:8080',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/x',
    'bad host',
    'under/score/',
    '1.2.3.4.5',
    '*',
  ])('rejects the bad entry %s with a message naming it', (entry) => {
    expect(() => parseAllowList(`127.0.0.1,${entry}`)).toThrow(
      `Invalid outbound allow-list entry "${entry}"`,
    );
  });
});

describe('allowListSource', () => {
  it('gives back the text a list was parsed from, to parse again in a worker thread', () => {
    expect(allowListSource(parseAllowList('127.0.0.1, *.svc.local'))).toBe(
      '127.0.0.1, *.svc.local',
    );
    expect(allowListSource(parseAllowList(undefined))).toBe('');
    expect(allowListSource({ allows: () => true })).toBeUndefined();
  });
});
