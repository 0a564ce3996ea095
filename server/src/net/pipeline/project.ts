/**
 * Pipeline step project (single and core): the contest's events as each view room may see them,
 * by the capabilities' view tables (`projectEvent`). Every holder of a shared-view role sees the
 * same; judges and contestants have a room each, projected for that subject.
 */
import { projectEvent, type ContestState, type PositionedEvent, type Role } from '@leitai/shared';
import { viewRoom } from '../rooms.ts';
import { SUBJECT_VIEW_ROLES } from './session.ts';

/** Roles whose view is the same for every holder: one room and one projection each. */
export const SHARED_VIEW_ROLES: readonly Role[] = ['host', 'stage', 'overlay'];

/** The events for the contest's audience room. */
export const projectForAudience = (events: readonly PositionedEvent[]): PositionedEvent[] =>
  events.map((e) => projectEvent(e, { role: 'audience' }));

/** Each seated view room of the contest (every role but the audience) with the events projected for it. */
export function projectForRooms(
  contestId: string,
  events: readonly PositionedEvent[],
  state: ContestState,
): { room: string; events: PositionedEvent[] }[] {
  const rooms = SHARED_VIEW_ROLES.map((role) => ({
    room: viewRoom(contestId, role),
    events: events.map((e) => projectEvent(e, { role })),
  }));
  const subjects = { judge: state.definition.judges, contestant: state.definition.contestants };
  for (const role of SUBJECT_VIEW_ROLES) {
    for (const { id } of subjects[role]) {
      const viewer = { role, subjectId: id };
      rooms.push({ room: viewRoom(contestId, role, id), events: events.map((e) => projectEvent(e, viewer)) });
    }
  }
  return rooms;
}
