import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { fieldRefused } from '../errors.ts';

// Provider base URLs are typed in by users, so every outbound call is checked: https only,
// no hosts on loopback/private/link-local networks unless an admin allowlisted them, never a
// redirect (a redirect could carry the token elsewhere), and only ever to the saved origin.
//
// An address is judged after normalising every way of writing it (IPv4-mapped and -compatible
// IPv6, NAT64, 6to4 and Teredo all reach an IPv4 address, so they are refused outright), and
// judged again on the addresses the connection is actually made to: a DNS answer that changes
// between the check and the connect (rebinding) meets the same rule.

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

/** Every address a host name resolves to. */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

const bare = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '');

function isAllowlisted(host: string, allowlist: string[]): boolean {
  const h = bare(host);
  return allowlist.some((entry) => entry === h || (entry.startsWith('*.') && h.endsWith(entry.slice(1))));
}

/**
 * Whether an address is on the public internet: ipaddr.js's `unicast`, after turning an
 * IPv4-mapped IPv6 address into the IPv4 one. Anything else — private, loopback, link-local,
 * carrier-grade NAT, multicast, reserved, and the IPv6 ranges that embed an IPv4 address — is not.
 */
export function isPublicAddress(address: string): boolean {
  const ip = bare(address);
  if (!ipaddr.isValid(ip)) return false;
  const parsed = ipaddr.process(ip);
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291 §2.5.5.1) reads as unicast to ipaddr.js.
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) return false;
  return parsed.range() === 'unicast';
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

const refusedHost = (host: string, address: string) =>
  new OutboundRefused(
    `${host} ${bare(host) === bare(address) ? 'is' : `resolves to ${address}, which is`} a private address; an admin can allow it with BATON_ALLOWED_PROVIDER_HOSTS`,
  );

/**
 * The addresses to connect to for `hostname`: all public, or the host is allowlisted. Throws
 * OutboundRefused for a private one, and the resolver's error for a name that does not resolve.
 */
export async function checkedAddresses(hostname: string, allowlist: string[], resolve: Resolver = systemResolver): Promise<string[]> {
  const host = bare(hostname);
  const addresses = net.isIP(host) ? [host] : await resolve(host);
  if (isAllowlisted(hostname, allowlist)) return addresses;
  const refused = addresses.find((a) => !isPublicAddress(a));
  if (refused !== undefined) throw refusedHost(hostname, refused);
  if (addresses.length === 0) throw new OutboundRefused(`${hostname} has no address`);
  return addresses;
}

/** Whether a host may be called: allowlisted, or resolving only to public addresses. Rejects when it does not resolve. */
export async function isPublicHost(hostname: string, allowlist: string[], resolve?: Resolver): Promise<boolean> {
  return checkedAddresses(hostname, allowlist, resolve).then(
    () => true,
    (err: unknown) => {
      if (err instanceof OutboundRefused) return false;
      throw err;
    },
  );
}

/**
 * Checks a user-supplied base URL's form; throws a 422 whose sentence names the field as the
 * form labels it (`label`) and files it under `key`.
 */
export function checkBaseUrl(raw: string, allowlist: string[], key = 'baseUrl', label = 'The base URL'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fieldRefused(key, `${label} must be a web address such as https://git.example.com.`);
  }
  const host = url.hostname;
  if (url.username || url.password) throw fieldRefused(key, `${label} must not contain a user name or password; the token goes in its own field.`);
  const allowed = isAllowlisted(host, allowlist) || isAllowlisted(url.host, allowlist);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
    throw fieldRefused(key, `${label} must start with https:// (http:// only for hosts an admin lists in BATON_ALLOWED_PROVIDER_HOSTS).`);
  }
  if (!allowed && net.isIP(bare(host)) && !isPublicAddress(host)) throw privateHostRefused(key, label, host);
  return url.toString().replace(/\/+$/, '');
}

/**
 * `checkBaseUrl` and then the DNS answer for its host, for a base URL about to be saved: a
 * name that resolves to a private address is refused with a 422 a person can act on (the
 * outbound fetch would refuse every call to it later anyway).
 */
export async function checkSavedBaseUrl(raw: string, allowlist: string[], key = 'baseUrl', resolve?: Resolver, label = 'The base URL'): Promise<string> {
  const url = checkBaseUrl(raw, allowlist, key, label);
  const host = new URL(url).hostname;
  const isPublic = await isPublicHost(host, allowlist, resolve).catch(() => {
    throw fieldRefused(key, `${label}: the host ${host} was not found. Check the address for typos.`);
  });
  if (!isPublic) throw privateHostRefused(key, label, host);
  return url;
}

function privateHostRefused(key: string, label: string, host: string) {
  return fieldRefused(
    key,
    `${label}: ${host} is a private address. Baton calls private, loopback and link-local hosts only when an admin lists them in BATON_ALLOWED_PROVIDER_HOSTS.`,
  );
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `dns.lookup` for sockets that answers only checked addresses, so a connection never reaches a private one. */
function checkedLookup(allowlist: string[], resolve: Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    checkedAddresses(hostname, allowlist, resolve).then(
      (addresses) => {
        const found = addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        if (wanted.length === 0) callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), []);
        else if (options.all) callback(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (err: Error) => callback(err, []),
    );
  };
}

export interface Outbound {
  /** A fetch that talks only to `origins` (the first is the one a credential was saved for). */
  fetchFor(origins: string[]): typeof fetch;
  close(): Promise<void>;
}

/**
 * Outbound HTTP for provider calls: refuses other origins and private hosts before sending,
 * connects only to checked addresses, and never follows redirects. One connection pool for all.
 */
export function createOutbound(opts: { allowlist: string[]; resolve?: Resolver }): Outbound {
  const resolve = opts.resolve ?? systemResolver;
  const agent = new Agent({ connect: { lookup: checkedLookup(opts.allowlist, resolve) } });
  const send = undiciFetch as unknown as typeof fetch;
  return {
    fetchFor(origins) {
      const allowedOrigins = origins.map((o) => new URL(o).origin);
      return async (input, init) => {
        // Callers pass a URL and init; a Request's own method, headers and body would be lost.
        if (input instanceof Request) throw new TypeError('Outbound fetch takes a URL, not a Request');
        const url = new URL(String(input));
        if (!allowedOrigins.includes(url.origin)) {
          throw new OutboundRefused(`Refusing to send a credential to ${url.origin}; it was saved for ${allowedOrigins[0]}`);
        }
        // Refused here with a clear error; the agent's lookup refuses again at connect time.
        await checkedAddresses(url.hostname, opts.allowlist, resolve);
        try {
          return await send(url, { ...init, redirect: 'manual', dispatcher: agent } as RequestInit);
        } catch (err) {
          const cause = (err as { cause?: unknown }).cause;
          throw cause instanceof OutboundRefused ? cause : err;
        }
      };
    },
    close: () => agent.close(),
  };
}
