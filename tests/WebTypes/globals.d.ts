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
  /** The JSON body an operation takes, by operationId, e.g. ApiBody<'setPresence'>. */
  type ApiBody<Id extends keyof operations> =
    NonNullable<operations[Id]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;

  // What the hub (/hubs/livechat) pushes, by method name. The OpenAPI document describes HTTP only,
  // so these are written over its schemas, as the gateway's push records are
  // (src/Gateway/LiveChat.Gateway.Api/Realtime/PushMessages.cs, AgentEvent in LiveChat.Abstractions).
  /** "chatEvent": a new entry in a watched chat. The end user's form carries no assigneeId. */
  type HubChatEvent = {
    chatId: string;
    entry: ApiSchema<'TranscriptEntry'>;
    status: ApiSchema<'ChatStatus'>;
    assigneeId?: string | null;
  };
  /** "agentEvent": a change of the signed-in agent's own data (invites, chats, presence, settings). */
  type HubAgentEvent = {
    agentId: string;
    kind: 'InviteReceived' | 'InviteUpdated' | 'InviteClosed' | 'ChatAssigned' | 'ChatUnassigned' | 'ChatJoined'
      | 'ChatLeft' | 'PresenceChanged' | 'SettingsChanged' | 'DirectoryChanged' | 'SentInviteExpired'
      | 'SentOfferDeclined' | 'SentOfferAccepted' | 'SlaBreached';
    chatId: string | null;
    invite: ApiSchema<'Invite'> | null;
    browserNotification: boolean;
    /** The seq of the chat's transcript entry that recorded the step, where one did (offer answers, SLA breaches). */
    seq?: number | null;
    /** SlaBreached (SLA5): the chat's response-time state. */
    sla?: ApiSchema<'ChatSla'> | null;
  };
  /** "typing": someone in a watched chat is typing; to the end user an agent is named by its per-chat alias. */
  type HubTypingSignal = { chatId: string; actorKind: ApiSchema<'ActorKind'>; actorId: string; actorName?: string | null };
  /** "chatAccessEnded": this connection no longer receives the chat's events. */
  type HubChatAccessEnded = { chatId: string };
  /** "chatStale": some of the chat's events may not have arrived (its grain moved): read it and its transcript again. */
  type HubChatStale = { chatId: string };
  /**
   * What the hub's WatchWaiting answers (Q2): the first waiting chats (at most 20, oldest first), the
   * number waiting in all, and the change (epoch, seq) "queueWaiting" pushes continue from.
   */
  type HubQueueWaitingView = { queueId: string; epoch: string; seq: number; total: number; head: ApiSchema<'WaitingChat'>[] };
  /**
   * "queueWaiting" (Q1, Q2): one change of a watched queue's waiting list; `head` only when the
   * change touched the first chats (null: keep those shown).
   */
  type HubQueueWaitingEvent = {
    queueId: string;
    epoch: string;
    seq: number;
    change: 'Arrived' | 'Left';
    chatId: string;
    total: number;
    head: ApiSchema<'WaitingChat'>[] | null;
  };

  /** The SignalR browser bundle (wwwroot/lib/signalr), loaded by a script tag. */
  const signalR: any;
  /** Chart.js 4 (the UMD bundle in /lib/chartjs, from npm): the supervisors' report charts. */
  const Chart: any;
}
