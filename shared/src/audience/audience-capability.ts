/**
 * The audience as one typed value, in the shape of a contest capability (kernel/capability.ts)
 * but over a stream of its own (`audience-<contestId>`): its client messages' schemas, who may
 * send each command, `decide`, `evolve`, its initial state and its view table (deny by default).
 * The server (server/src/audience/) runs it and does the I/O: gate, batches, store, frames out.
 */
import { AUDIENCE_COMMAND_ROLES, decideAudience, audienceReply } from './decide-audience.ts';
import { audienceStreamId, evolveAudience, initialAudienceState } from './model.ts';
import { AUDIENCE_EVENT_SCHEMAS } from './protocol.ts';
import { AUDIENCE_EVENT_VIEWS, AUDIENCE_FRAME_RECEIVERS } from './views-audience.ts';

export const audienceCapability = {
  name: 'audience',
  streamId: audienceStreamId,
  initial: initialAudienceState,
  commandRoles: AUDIENCE_COMMAND_ROLES,
  /** The client messages (`audience:*`, `moderation:*`, `playalong:*`): schema and sender role. */
  messageSchemas: AUDIENCE_EVENT_SCHEMAS,
  decide: decideAudience,
  evolve: evolveAudience,
  reply: audienceReply,
  events: AUDIENCE_EVENT_VIEWS,
  receivers: AUDIENCE_FRAME_RECEIVERS,
} as const;
