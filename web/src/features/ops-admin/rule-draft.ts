import type { RoutingCondition, RoutingEffect } from '@vigil/shared';

/** Condition fields the builder offers, with the operators each takes. */
export const conditionOps: Record<RoutingCondition['field'], readonly string[]> = {
  type: ['in'],
  category: ['equals', 'within'],
  priority: ['in', 'at_least'],
  severity: ['in', 'at_least'],
  impact: ['in', 'at_least'],
  urgency: ['in', 'at_least'],
  businessAreas: ['any_of'],
  locations: ['any_of'],
  assets: ['any_of'],
  services: ['any_of'],
  custom: ['equals', 'in', 'exists', 'contains'],
  source: ['in'],
  title: ['contains', 'matches'],
};
export const conditionFields = Object.keys(conditionOps) as RoutingCondition['field'][];

export const enumValues: Partial<Record<RoutingCondition['field'], readonly string[]>> = {
  priority: ['P1', 'P2', 'P3', 'P4', 'P5'],
  severity: ['critical', 'high', 'medium', 'low'],
  impact: ['high', 'medium', 'low'],
  urgency: ['high', 'medium', 'low'],
  source: ['form', 'portal', 'email', 'api', 'alert'],
};

/** A fresh condition for a field and operator, with an empty or first value. */
export function newCondition(field: RoutingCondition['field'], op?: string): RoutingCondition {
  const o = op ?? conditionOps[field][0]!;
  const enumList = enumValues[field];
  if (field === 'custom') return (o === 'exists' ? { field, key: '', op: o } : { field, key: '', op: o, value: o === 'in' ? [] : '' }) as RoutingCondition;
  if (enumList) return { field, op: o, value: o === 'at_least' ? enumList[0] : [] } as RoutingCondition;
  if (o === 'in' || o === 'any_of') return { field, op: o, value: [] } as unknown as RoutingCondition;
  return { field, op: o, value: '' } as RoutingCondition;
}

/** Splits a comma-separated list typed by a person into trimmed, non-empty entries. */
export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const effectKinds: RoutingEffect['kind'][] = ['set_team', 'set_assignee', 'set_priority', 'raise_priority', 'add_watchers', 'start_escalation', 'notify'];

/** A fresh effect of a kind, with empty references for the person to choose. */
export function newEffect(kind: RoutingEffect['kind']): RoutingEffect {
  switch (kind) {
    case 'set_team':
      return { kind, teamId: '' };
    case 'set_assignee':
      return { kind, userId: '' };
    case 'set_priority':
    case 'raise_priority':
      return { kind, priority: 'P2' };
    case 'add_watchers':
      return { kind, userIds: [] };
    case 'start_escalation':
      return { kind, policyId: '' };
    case 'notify':
      return { kind, userIds: [], teamIds: [], urgency: 'high' };
  }
}
