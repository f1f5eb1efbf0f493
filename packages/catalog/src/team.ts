/**
 * ODCS/ODPS team members carry `dateIn`/`dateOut`. A member is still in the team until their `dateOut`
 * has come: a leave planned for next month does not take their ownership away today. A `dateOut` that is
 * not a date counts as gone, so an unreadable value never keeps someone an owner.
 */
export function isCurrentMember(member: { dateOut?: unknown }, asOf: Date = new Date()): boolean {
  const out = member.dateOut;
  if (out === undefined || out === null || (typeof out === "string" && out.trim() === "")) return true;
  const at = typeof out === "string" ? Date.parse(out) : out instanceof Date ? out.getTime() : NaN;
  return !Number.isNaN(at) && at > asOf.getTime();
}
