import { lookup as systemLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from './private-address';

/** One address a host name resolved to. */
export type ResolvedAddress = Readonly<{ address: string; family: number }>;

/** Resolves a host name to all its addresses; the system resolver unless a test gives another. */
export type HostResolver = (hostname: string) => Promise<ReadonlyArray<ResolvedAddress>>;

/** The system resolver, every address the name has, in the order the system gives them. */
export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    systemLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** Why a host is not reached: its name resolved to a loopback, link-local or private address. */
export function privateHostRefusal(host: string, address: string): Error {
  return new Error(
    `refused: ${host} is a loopback, link-local or private address (${address}); web_fetch reaches it only when an allow rule for web_fetch names the host`,
  );
}

/**
 * A `lookup` for `net.connect` that resolves a name once, refuses it when any of its addresses is loopback,
 * link-local or private (unless `mayReachPrivate` says a rule names the host), and hands the socket exactly the
 * addresses it checked. The check and the connect use the same answer, so a name that resolves to a public
 * address for a check and to 127.0.0.1 a moment later (DNS rebinding) never reaches 127.0.0.1.
 */
export function checkedLookup(resolve: HostResolver, mayReachPrivate: (hostname: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    const answer = async (): Promise<ReadonlyArray<ResolvedAddress>> => {
      const addresses = await resolve(hostname);
      const wanted = addresses.filter((entry) => options.family === undefined || options.family === 0 || entry.family === options.family);
      if (wanted.length === 0) throw Object.assign(new Error(`web_fetch: ${hostname} has no address`), { code: 'ENOTFOUND' });
      const blocked = mayReachPrivate(hostname) ? undefined : wanted.find((entry) => isPrivateAddress(entry.address));
      if (blocked !== undefined) throw privateHostRefusal(hostname, blocked.address);
      return wanted;
    };
    answer().then(
      (addresses) => {
        if (options.all === true)
          callback(
            null,
            addresses.map((entry) => ({ address: entry.address, family: entry.family })),
          );
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}
