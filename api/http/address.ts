/**
 * The key a per-address limit counts by: an IPv4 address as it is, an IPv6 address by its /64.
 * One IPv6 subscriber is handed a whole /64, so counting single IPv6 addresses would give one
 * client 2^64 budgets; an IPv4-mapped IPv6 address counts as the IPv4 address it carries.
 */
export function addressKey(address: string): string {
  const bare = address.split('%')[0]!.toLowerCase(); // a zone id (fe80::1%eth0) is local detail
  if (!bare.includes(':')) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1]!;
  return `${expand(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, '::' filled in (an embedded IPv4 tail counts as two). */
function expand(address: string): string[] {
  const width = (parts: string[]) => parts.reduce((n, p) => n + (p.includes('.') ? 2 : 1), 0);
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  if (tail === undefined) return left.map((h) => h.replace(/^0+(?=.)/, ''));
  const right = tail ? tail.split(':') : [];
  const fill = Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0');
  return [...left, ...fill, ...right].map((h) => h.replace(/^0+(?=.)/, ''));
}
