import { STATUS_LABEL, STATUSES } from '../format.ts';
import type { Status } from '../types.ts';

/** One <option> per ticket status, in board order. */
export function StatusOptions() {
  return (
    <>
      {STATUSES.map((s: Status) => (
        <option key={s} value={s}>
          {STATUS_LABEL[s]}
        </option>
      ))}
    </>
  );
}

/** One <option> per person, valued by user id. */
export function MemberOptions({ members }: { members: Array<{ userId: string; name: string }> }) {
  return (
    <>
      {members.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name}
        </option>
      ))}
    </>
  );
}
