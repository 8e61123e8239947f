import { parseArgs } from 'node:util';
import type { ProviderInfo } from '../../../shared/providers-api';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

const PROVIDER_TYPES = ['anthropic', 'openai', 'openai-compatible'] as const;
type ProviderType = (typeof PROVIDER_TYPES)[number];

/** Where a provider's key comes from, in words. Pure. */
export function describeKey(provider: Pick<ProviderInfo, 'apiKeySet' | 'apiKeySource' | 'apiKeyEnv'>): string {
  if (provider.apiKeySource === 'settings') return 'stored';
  if (provider.apiKeySource === 'env') return `from $${provider.apiKeyEnv}`;
  return provider.apiKeyEnv ? `none ($${provider.apiKeyEnv} is not set)` : 'none';
}

function printProviders(providers: ReadonlyArray<ProviderInfo>, output: Output): void {
  if (output.json) return providers.forEach((provider) => output.jsonLine(provider));
  formatTable(
    providers,
    [
      { header: 'NAME', value: (provider) => provider.name, paint: output.paint.bold },
      { header: 'TYPE', value: (provider) => provider.type },
      { header: 'BASE URL', value: (provider) => provider.baseUrl ?? 'default' },
      { header: 'KEY', value: describeKey },
    ],
    output.paint.bold,
  ).forEach((line) => output.line(line));
}

function parseType(value: string | undefined): ProviderType {
  const type = PROVIDER_TYPES.find((candidate) => candidate === value);
  if (!type) throw new UsageError(`--type must be one of ${PROVIDER_TYPES.join(', ')}`);
  return type;
}

/** `autoloop providers [ls|add|test|remove]` (DESIGN §11). Keys are never printed. */
export async function providersCommand(args: string[], paths: AppPaths): Promise<number> {
  const [sub = 'ls', ...rest] = args[0]?.startsWith('-') ? ['ls', ...args] : args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      type: { type: 'string' },
      'base-url': { type: 'string' },
      'api-key-env': { type: 'string' },
      model: { type: 'string' },
    },
  });
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  switch (sub) {
    case 'ls':
      printProviders(await withSession(dataDir, paths, 'read', (session) => session.call('providers.list', {})), output);
      return EXIT_OK;
    case 'add': {
      const name = onePositional(positionals, 'autoloop providers add <name> --type anthropic|openai|openai-compatible [--base-url URL] [--api-key-env VAR]');
      const config = {
        type: parseType(values.type),
        ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
        ...(values['api-key-env'] ? { apiKeyEnv: values['api-key-env'] } : {}),
      };
      printProviders(await withSession(dataDir, paths, 'read', (session) => session.call('providers.set', { name, config })), output);
      return EXIT_OK;
    }
    case 'test': {
      const name = onePositional(positionals, 'autoloop providers test <name> [--model ID]');
      const result = await withSession(dataDir, paths, 'read', (session) =>
        session.call('providers.test', { name, ...(values.model ? { model: values.model } : {}) }),
      );
      if (output.json) output.jsonLine(result);
      else output.line(`${name}: ${result.message}`);
      return result.ok ? EXIT_OK : EXIT_FAILURE;
    }
    case 'remove': {
      const name = onePositional(positionals, 'autoloop providers remove <name>');
      printProviders(await withSession(dataDir, paths, 'read', (session) => session.call('providers.remove', { name })), output);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`Unknown providers command "${sub}"; use ls, add, test or remove`);
  }
}
