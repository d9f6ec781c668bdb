// Agents' display names. The API names agents by id; full names are learned where the API gives
// them (the signed-in agent, invite search hits, dashboard figures) and the id is shown otherwise.
import { titleCase } from './dom.js';

const known = new Map();

export function rememberName(agentId, fullName) {
  if (agentId && fullName) known.set(agentId, fullName);
}

export function agentName(agentId) {
  return known.get(agentId) ?? titleCase(agentId);
}

/** A short first name for bubbles: "Alice Archer" -> "Alice". */
export function agentShortName(agentId) {
  return agentName(agentId).split(' ')[0];
}
