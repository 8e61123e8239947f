import { type ApiHandlers, type ApiMethod, apiMethodNames } from '../../shared/api';
import { changesNothing } from '../../shared/method-effects';
import { ApiFailure } from '../api-failure';

/**
 * The same handlers with every method that would change something refused as `conflict`, saying
 * why (`reason`): the engine of a data folder that another live engine holds may only read it.
 */
export function readOnlyHandlers(handlers: ApiHandlers, reason: string): ApiHandlers {
  const refuse = (method: ApiMethod) => (): Promise<never> => Promise.reject(new ApiFailure('conflict', `${method}: ${reason}`));
  return Object.fromEntries(apiMethodNames.map((method) => [method, changesNothing(method) ? handlers[method] : refuse(method)])) as ApiHandlers;
}
