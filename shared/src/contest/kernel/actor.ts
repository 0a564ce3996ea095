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

/** The key of one seated device: seat and device together (a device id alone names no seat). */
export const deviceKey = (role: Role, subjectId: string | undefined, device: string): string =>
  `${role}/${subjectId ?? ''}/${device}`;

/**
 * A short, stable tag of a device id for the host's device list: the id itself stays on the
 * server (FNV-1a, 2 × 32 bits, base 36; not reversible to a 96-bit id).
 */
export function deviceTag(deviceId: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < deviceId.length; i++) {
    const c = deviceId.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `d${a.toString(36)}${b.toString(36)}`.slice(0, 12);
}
