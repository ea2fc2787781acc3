import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { ValidationFailed } from '../errors.ts';

// Provider base URLs are typed in by users, so every outbound call is checked: https only,
// no hosts on loopback/private/link-local networks unless an admin allowlisted them, never a
// redirect (a redirect could carry the token elsewhere), and only ever to the saved origin.

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

function isAllowlisted(host: string, allowlist: string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allowlist.some((entry) => entry === h || (entry.startsWith('*.') && h.endsWith(entry.slice(1))));
}

/** Whether a host may be called: allowlisted, or resolving only to public addresses. Rejects when it does not resolve. */
export async function isPublicHost(hostname: string, allowlist: string[]): Promise<boolean> {
  if (isAllowlisted(hostname, allowlist)) return true;
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
  return !addresses.some((a) => isPrivateAddress(a.address));
}

/** Checks a user-supplied base URL's form; throws 422 naming the problem. */
export function checkBaseUrl(raw: string, allowlist: string[], field = 'baseUrl'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationFailed(`${field} is not a valid URL`, { fields: { [field]: 'not a valid URL' } });
  }
  const host = url.hostname;
  if (url.username || url.password)
    throw new ValidationFailed(`${field} must not contain credentials`, { fields: { [field]: 'must not contain credentials' } });
  const allowed = isAllowlisted(host, allowlist) || isAllowlisted(url.host, allowlist);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
    throw new ValidationFailed(`${field} must use https`, { fields: { [field]: 'must use https (http only for hosts in BATON_ALLOWED_PROVIDER_HOSTS)' } });
  }
  if (!allowed && net.isIP(host.replace(/^\[|\]$/g, '')) && isPrivateAddress(host.replace(/^\[|\]$/g, ''))) {
    throw new ValidationFailed(`${field} points at a private address`, {
      fields: { [field]: 'private, loopback and link-local hosts are refused unless listed in BATON_ALLOWED_PROVIDER_HOSTS' },
    });
  }
  return url.toString().replace(/\/+$/, '');
}

export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  if (v6 === '::' || v6 === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isPrivateAddress(mapped[1]);
  return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(v6);
}

/**
 * A fetch that only talks to `origin`, refuses private addresses (unless allowlisted) after
 * resolving the host, and never follows redirects.
 */
export function guardedFetch(origins: string[], allowlist: string[], inner: typeof fetch = fetch): typeof fetch {
  const allowedOrigins = origins.map((o) => new URL(o).origin);
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!allowedOrigins.includes(url.origin)) {
      throw new OutboundRefused(`Refusing to send a credential to ${url.origin}; it was saved for ${allowedOrigins[0]}`);
    }
    if (!(await isPublicHost(url.hostname, allowlist))) {
      throw new OutboundRefused(`${url.hostname} resolves to a private address; an admin can allow it with BATON_ALLOWED_PROVIDER_HOSTS`);
    }
    return inner(input, { ...init, redirect: 'manual' });
  };
}
