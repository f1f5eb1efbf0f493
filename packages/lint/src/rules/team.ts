import { isMapping } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { mappingsIn, pointer, stringAt, type Mapping } from "../walk.js";

/** A `format: date` value (`2025-05-01`) of a real day, as its UTC midnight; undefined for anything else (schema-valid says so). */
function calendarDay(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value ? undefined : time;
}

/**
 * The members of a document's team with their paths: `team.members` (ODCS v3.1.0 and ODPS v1.0.0, the same
 * Team shape with `dateIn` / `dateOut`), or `team` itself as a list (ODCS v3.0.x, deprecated in v3.1.0).
 */
function teamMembers(document: Mapping): { member: Mapping; path: (string | number)[] }[] {
  const team = document.team;
  if (Array.isArray(team)) return mappingsIn(team).map(([member, i]) => ({ member, path: ["team", i] }));
  if (isMapping(team)) return mappingsIn(team.members).map(([member, i]) => ({ member, path: ["team", "members", i] }));
  return [];
}

export const teamMemberDates = defineRule({
  // A warning: the contract still works, but its record of who answers for it says something impossible,
  // and whoever reads it cannot tell which date is the typo.
  meta: { id: "team-member-dates", defaultSeverity: "warning", description: "A team member's `dateOut` is not before their `dateIn`." },
  // ODPS products carry the same team record (team.members with dateIn/dateOut) as ODCS contracts.
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    for (const { member, path } of teamMembers(doc.value as Mapping)) {
      const dateIn = calendarDay(member.dateIn);
      const dateOut = calendarDay(member.dateOut);
      if (dateIn === undefined || dateOut === undefined || dateOut >= dateIn) continue;
      const who = stringAt(member, "username") ?? stringAt(member, "name") ?? "A team member";
      report({ path: pointer([...path, "dateOut"]), message: `${who} left the team (dateOut ${String(member.dateOut)}) before joining it (dateIn ${String(member.dateIn)}); correct one of the dates.` });
    }
  },
});

/** A member's time on the team, in ms: open at either end where the date is missing (or not a date: schema-valid's). */
function membership(member: Mapping): { from: number; to: number } {
  return { from: calendarDay(member.dateIn) ?? -Infinity, to: calendarDay(member.dateOut) ?? Infinity };
}

export const uniqueTeamMember = defineRule({
  // A warning: nothing breaks, but the record of who answers for the document is ambiguous.
  meta: { id: "unique-team-member", defaultSeverity: "warning", description: "A team lists a member once for one role at a time." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    // One person may hold two roles (owner and data steward), or leave and come back (an earlier entry with a
    // dateOut, a later one with a dateIn): only the same member in the same role (or a role left out) for
    // overlapping times repeats an entry, usually one copied and not changed. Usernames are e-mail addresses
    // or logins: compared ignoring case and surrounding spaces, as mail and identity providers compare them.
    const seen: { who: string; role: string | undefined; shownRole: string | undefined; from: number; to: number; path: (string | number)[]; key: string }[] = [];
    for (const { member, path } of teamMembers(doc.value as Mapping)) {
      const key = stringAt(member, "username") !== undefined ? "username" : "name";
      const written = stringAt(member, key);
      if (written === undefined || written.trim() === "") continue;
      const who = written.trim().toLowerCase();
      const shownRole = stringAt(member, "role")?.trim() || undefined;
      const role = shownRole?.toLowerCase();
      const { from, to } = membership(member);
      const earlier = seen.find((e) => e.who === who && (e.role === undefined || role === undefined || e.role === role) && e.from < to && from < e.to);
      if (earlier) {
        const line = doc.locate(pointer([...earlier.path, earlier.key])).line;
        report({ path: pointer([...path, key]), message: `Team member \`${written}\` is already listed${shownRole ?? earlier.shownRole ? ` as ${shownRole ?? earlier.shownRole}` : ""} (at line ${line}) for the same time; keep one entry (for a member who left and came back, give the earlier entry its dateOut and this one its dateIn).` });
      }
      seen.push({ who, role, shownRole, from, to, path, key });
    }
  },
});
