import { describe, expect, it } from 'vitest';
import { AddressGuard, clientAddress, normaliseAddress, trustedProxies } from './address-guard.ts';

const hs = (address: string, xff?: string) => ({
  address,
  headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
});

describe('clientAddress', () => {
  const trusted = trustedProxies('10.0.0.2, ::ffff:10.0.0.3');

  it('is the peer unless the peer is a trusted proxy', () => {
    expect(clientAddress(hs('::ffff:198.51.100.4', '203.0.113.9'), trusted)).toBe('198.51.100.4');
    expect(clientAddress(hs('10.0.0.2', '203.0.113.9'), trusted)).toBe('203.0.113.9');
  });

  it('takes the right-most hop that is not a trusted proxy; a client-written hop is ignored', () => {
    expect(clientAddress(hs('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.3'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(hs('10.0.0.2', '10.0.0.3'), trusted)).toBe('10.0.0.3');
    expect(clientAddress(hs('10.0.0.2'), trusted)).toBe('10.0.0.2');
  });

  it('normalises IPv4-mapped IPv6', () => {
    expect(normaliseAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::1')).toBe('::1');
  });
});

describe('AddressGuard', () => {
  it('exempts loopback unless told otherwise (the caps themselves are address-limits.ts)', () => {
    expect(new AddressGuard().exempt('127.0.0.1')).toBe(true);
    expect(new AddressGuard().exempt('::1')).toBe(true);
    expect(new AddressGuard().exempt('203.0.113.9')).toBe(false);
    expect(new AddressGuard({ exemptLoopback: false }).exempt('127.0.0.1')).toBe(false);
  });

  it('a device first seen at a banned address after the ban inherits it; earlier ones do not', () => {
    const g = new AddressGuard();
    g.seen('k', 'old', 'a', 1);
    g.seen('k', 'abuser', 'a', 2);
    g.banned('k', 'abuser', 3);
    g.seen('k', 'new', 'a', 4);
    g.seen('k', 'elsewhere', 'b', 4);
    expect(g.inheritsBan('k', 'new')).toBe(true);
    expect(g.inheritsBan('k', 'old')).toBe(false);
    expect(g.inheritsBan('k', 'elsewhere')).toBe(false);
    expect(g.inheritsBan('other', 'new')).toBe(false);
  });
});
