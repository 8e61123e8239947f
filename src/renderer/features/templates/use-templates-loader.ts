import type { ApiClient } from '../../api/create-api-client';
import { useLoadOnConnect } from '../../api/use-load-on-connect';
import { receiveTemplatesListed } from './templates-store';

/** Fetches the template list into the templates store (after a save, an import, a duplicate or a delete). */
export async function refreshTemplates(api: ApiClient): Promise<void> {
  receiveTemplatesListed(await api.call('templates.list', {}));
}

/** Loads the templates on mount and after each reconnect; returns the last load's error, if any. */
export function useTemplatesLoader(): string | null {
  return useLoadOnConnect(refreshTemplates, 'the templates');
}
