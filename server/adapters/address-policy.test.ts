import { describe, expect, it } from 'vitest';
import { createAddressPolicy, parseCidr } from './address-policy.ts';

describe('address policy', () => {
  const strict = createAddressPolicy('none');
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:a9fe:a9fe', false],
    ['::7f00:1', false],
    ['93.184.216.34', true],
    ['2606:4700::1111', true],
    ['::ffff:93.184.216.34', true],
  ])('refuses private addresses by default: %s → %s', (address, allowed) => {
    expect(strict.isAllowed(address)).toBe(allowed);
  });

  it.each([
    ['127.0.0.1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::1', false],
  ])('allows only the configured ranges: %s → %s', (address, allowed) => {
    expect(createAddressPolicy(['127.0.0.0/8']).isAllowed(address)).toBe(allowed);
  });

  it('allows everything when told to', () => {
    expect(createAddressPolicy('all').isAllowed('10.0.0.1')).toBe(true);
  });

  it.each([
    ['127.0.0.0/8', true],
    ['::1/128', true],
    ['10.0.0.0/33', false],
    ['localhost/8', false],
    ['127.0.0.1', false],
  ])('parses CIDR %s → %s', (cidr, valid) => {
    expect(parseCidr(cidr) !== undefined).toBe(valid);
  });
});
