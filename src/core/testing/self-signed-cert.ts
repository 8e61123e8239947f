import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A key and a certificate for `localhost` and 127.0.0.1, valid for a day, made with the openssl CLI in `folder`. For tests only. */
export function makeSelfSignedCert(folder: string): Readonly<{ key: Buffer; cert: Buffer; certPath: string }> {
  const [keyPath, certPath] = [join(folder, 'tls-key.pem'), join(folder, 'tls-cert.pem')];
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath,
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'pipe' }); // prettier-ignore
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath };
}
