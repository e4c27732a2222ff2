import { describe, expect, it } from 'vitest';
import { FormError, formScalar, readForm, ruleFromForm, splitList, stateFromSegment } from '../../src/segments/form.ts';

const base = { name: 'x', kind: 'rule' as const, match: 'all' as const, json: '', emails: '' };

describe('builder form <-> rule', () => {
  it('types values: numbers and true/false as such, "quoted" text literally, columns always text', () => {
    expect(formScalar('42', false)).toBe(42);
    expect(formScalar('-3.5', false)).toBe(-3.5);
    expect(formScalar('0150', false)).toBe('0150');
    expect(formScalar('"42"', false)).toBe('42');
    expect(formScalar('true', false)).toBe(true);
    expect(formScalar('true', true)).toBe('true');
    expect(formScalar('2024-01-01', false)).toBe('2024-01-01');
    expect(splitList('nb, sv ,"a, b", 3')).toEqual(['nb', 'sv', '"a, b"', '3']);
  });

  it('builds a rule from rows, skipping blank rows, and names the row on error', () => {
    const rule = ruleFromForm({
      ...base,
      match: 'any',
      rows: [
        { attribute: 'refund_claim', op: 'gt', value: '0' },
        { attribute: '', op: 'eq', value: '' },
        { attribute: 'locale', op: 'in', value: 'nb, sv' },
        { attribute: 'phone', op: 'exists', value: 'ignored' },
      ],
    });
    expect(rule).toEqual({ any: [{ attribute: 'refund_claim', op: 'gt', value: 0 }, { attribute: 'locale', op: 'in', value: ['nb', 'sv'] }, { attribute: 'phone', op: 'exists' }] });

    try {
      ruleFromForm({ ...base, rows: [{ attribute: 'a', op: 'eq', value: '1' }, { attribute: '', op: 'eq', value: '' }, { attribute: 'b', op: 'contains', value: '' }] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FormError);
      expect((err as FormError).problem).toEqual({ message: 'Condition 3, value: contains needs a value (a string to look for)', row: 2, field: 'value' });
    }
  });

  it('reads rows from a form body and round-trips a saved flat rule into rows', () => {
    const state = readForm({ rows: '2', name: 'N', kind: 'rule', match: 'any', attribute_0: 'tier', op_0: 'eq', value_0: 'gold', attribute_1: 'n', op_1: 'eq', value_1: '"7"' });
    expect(state.rows).toHaveLength(2);
    const rule = ruleFromForm(state);
    expect(rule).toEqual({ any: [{ attribute: 'tier', op: 'eq', value: 'gold' }, { attribute: 'n', op: 'eq', value: '7' }] });
    const back = stateFromSegment({ name: 'N', kind: 'rule', rule });
    expect(back.json).toBe('');
    expect(back.rows).toEqual([
      { attribute: 'tier', op: 'eq', value: 'gold' },
      { attribute: 'n', op: 'eq', value: '"7"' },
    ]);
    const nested = { all: [{ any: [{ attribute: 'a', op: 'exists' }] }] };
    expect(JSON.parse(stateFromSegment({ name: 'N', kind: 'rule', rule: nested }).json)).toEqual(nested);
  });
});
