// Names the web consoles' JSDoc uses, for the type check only (the browser never loads this).
import type { components, operations } from '../../src/Gateway/LiveChat.Gateway/ClientApp/types/api';

declare global {
  /** A schema of the gateway's OpenAPI document, e.g. ApiSchema<'ChatSnapshot'>. */
  type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];
  /** The JSON body an operation answers with on success, by operationId, e.g. ApiResult<'getMe'>. */
  type ApiResult<Id extends keyof operations> = OkBody<operations[Id]['responses']>;
  type OkBody<R> =
    R extends { 200: { content: { 'application/json': infer B } } } ? B :
    R extends { 201: { content: { 'application/json': infer B } } } ? B : never;

  /** The SignalR browser bundle (wwwroot/lib/signalr), loaded by a script tag. */
  const signalR: any;
}
