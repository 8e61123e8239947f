// Stands in for `@ai-sdk/gateway` in the built bundles (electron.vite.config.ts aliases it here).
// The `ai` package imports the Vercel AI Gateway as its default provider for models named by a
// string, and its error classes to recognise gateway errors. A runner always passes a model object
// from its own provider and never talks to the gateway, so the gateway (and the Vercel OIDC client
// it pulls in) would be loaded at every runner start for nothing. Gateway errors carry these
// global symbols; none can occur here, but `isInstance` answers as the real classes would.

const GATEWAY_ERROR = Symbol.for('vercel.ai.gateway.error');
const AUTHENTICATION_ERROR = Symbol.for('vercel.ai.gateway.error.GatewayAuthenticationError');

function marked(error: unknown, symbol: symbol): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
}

function unavailable(): never {
  throw new Error('The Vercel AI Gateway is not part of the Autoloop runner: name a configured provider instead.');
}

export const GatewayError = { isInstance: (error: unknown): boolean => marked(error, GATEWAY_ERROR) };
export const GatewayAuthenticationError = {
  isInstance: (error: unknown): boolean => marked(error, GATEWAY_ERROR) && typeof error === 'object' && error !== null && AUTHENTICATION_ERROR in error,
};
export const createGateway = unavailable;
export const gateway = Object.assign(unavailable, {
  languageModel: unavailable,
  textEmbeddingModel: unavailable,
  embeddingModel: unavailable,
  imageModel: unavailable,
  transcriptionModel: unavailable,
  speechModel: unavailable,
  rerankingModel: unavailable,
});
