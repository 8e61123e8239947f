// The one "API said no" error of every client lives in src/shared; the window's code imports it from here.
export { ApiCallError } from '../../shared/api-call-error';
