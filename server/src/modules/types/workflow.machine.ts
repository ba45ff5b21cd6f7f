import { coreFieldLabels, coreFieldKeys, type CoreFieldKey, type FieldDefinition, type Role, type StateCategory, type Workflow, type WorkflowState, type WorkflowTransition } from '@vigil/shared';

/** The state a new incident of this workflow starts in. */
export function initialState(workflow: Workflow): { key: string; category: StateCategory } {
  const state = stateOf(workflow, workflow.initial);
  if (!state) throw new Error(`workflow initial state "${workflow.initial}" is not one of its states`);
  return { key: state.key, category: state.category };
}

/** The declared state with this key, if any. */
export function stateOf(workflow: Workflow, key: string): WorkflowState | undefined {
  return workflow.states.find((s) => s.key === key);
}

/** The first declared transition leaving `from` for `to`; undefined means the move is not allowed. */
export function findTransition(workflow: Workflow, from: string, to: string): WorkflowTransition | undefined {
  return workflow.transitions.find((t) => t.to === to && t.from.includes(from));
}

/** Every transition that may leave `from`, in declared order (guards not yet checked). */
export function availableTransitions(workflow: Workflow, from: string): WorkflowTransition[] {
  return workflow.transitions.filter((t) => t.from.includes(from));
}

export type GuardSubject = {
  core: Partial<Record<CoreFieldKey, unknown>>;
  custom: Record<string, unknown>;
  comment?: string | null;
};

export type UnmetRequirement = { requirement: string; message: string };

/** Whether a value counts as filled in for a guard: not null, undefined, blank text or an empty list. */
export function isSet(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** What a transition's guard still needs (fields, role, comment); empty means the guard holds. */
export function unmetRequirements(transition: WorkflowTransition, subject: GuardSubject, actor: { role: Role | null }, fields: FieldDefinition[] = []): UnmetRequirement[] {
  const unmet: UnmetRequirement[] = [];
  const requires = transition.requires;
  if (!requires) return unmet;
  for (const ref of requires.fields ?? []) {
    if (ref.startsWith('custom.')) {
      const key = ref.slice('custom.'.length);
      if (!isSet(subject.custom[key])) {
        const label = fields.find((f) => f.key === key)?.label.en ?? humanize(key);
        unmet.push({ requirement: ref, message: `${label} is required` });
      }
    } else if (isCoreFieldKey(ref) && !isSet(subject.core[ref])) {
      unmet.push({ requirement: ref, message: `${coreFieldLabels[ref].en} is required` });
    }
  }
  if (requires.roles && requires.roles.length > 0 && (actor.role === null || !requires.roles.includes(actor.role))) {
    unmet.push({ requirement: 'role', message: `Only ${requires.roles.join(' or ')} may ${transition.label.en.toLowerCase()}` });
  }
  if (requires.comment && !isSet(subject.comment)) {
    unmet.push({ requirement: 'comment', message: 'A comment is required' });
  }
  return unmet;
}

function isCoreFieldKey(ref: string): ref is CoreFieldKey {
  return (coreFieldKeys as readonly string[]).includes(ref);
}

function humanize(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
