/** What an empty list says: which filter it shows, and what would appear there. */
export const emptyCheckins = {
  all: "No check-ins yet. Every face check-in attempt, accepted or not, appears here.",
  accepted: "No accepted check-ins yet. Showing accepted check-ins only.",
  rejected: "No rejected check-ins. Showing rejected attempts only: refused by the server, or ended on the laptop (no face, too slow, a suspected photo).",
  flagged: "No flagged check-ins. Showing flagged attempts only.",
} as const;
