/** Who sent a command or holds a socket. The server derives it from the seat token, never from a payload. */
export type Role = 'host' | 'judge' | 'contestant' | 'stage' | 'overlay' | 'audience' | 'system';

export interface Actor {
  role: Role;
  /** judge id for judges, contestant id for contestants; absent otherwise. */
  subjectId?: string;
}

export const SYSTEM_ACTOR: Actor = { role: 'system' };

/** Roles whose devices hold a seat (and a secret token). */
export const SEATED_ROLES = ['host', 'judge', 'contestant', 'stage', 'overlay'] as const;
export type SeatedRole = (typeof SEATED_ROLES)[number];
