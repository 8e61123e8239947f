import { createHash } from 'node:crypto';
import type { RunBundleContent } from '../../shared/bundle';
import { canonicalJson } from './canonical-json';

/** The sha256 (hex) of the canonical JSON of a bundle without its `checksum`: what `RunBundle.checksum` holds. */
export function bundleChecksum(content: RunBundleContent): string {
  const { checksum: _ignored, ...rest } = content as RunBundleContent & { checksum?: string };
  return createHash('sha256')
    .update(canonicalJson(rest) ?? '', 'utf8')
    .digest('hex');
}
