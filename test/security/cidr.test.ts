/** networkPolicy CIDRs are parsed, not pattern-matched: octets 0-255, prefix up to /32 (IPv4) or /128 (IPv6). */
import { isCidr } from '../../src/k8s';

describe('isCidr', () => {
  it.each([
    '10.0.0.0/16',
    '0.0.0.0/0',
    '255.255.255.255/32',
    '169.254.0.0/16',
    '::/0',
    'fd00::/8',
    '2001:db8::1/128',
    '2001:0db8:0000:0000:0000:0000:0000:0001/64',
    '::ffff:10.0.0.0/104',
  ])('accepts %s', (c) => {
    expect(isCidr(c)).toBe(true);
  });
  it.each([
    '999.1.1.1/99',
    '999.1.1.1/24',
    '10.0.0.0/33',
    '10.0.0/8',
    '10.0.0.0',
    '10.0.0.00/8',
    '256.0.0.0/8',
    '10.0.0.0/',
    '10.0.0.0/-1',
    'fd00::/129',
    '2001:db8:::1/64',
    '1:2:3:4:5:6:7:8:9/64',
    'fd00::g/64',
    'example.com/8',
    ' 10.0.0.0/8',
  ])('refuses %s', (c) => {
    expect(isCidr(c)).toBe(false);
  });
});
