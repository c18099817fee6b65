import { fieldProblems, pointerToPath } from './fieldProblems';
import { ApiError } from './problem';

describe('fieldProblems', () => {
  it('reads platform’s "field: message; field: message" detail', () => {
    const error = new ApiError(400, 'x', { status: 400, detail: 'product: must not be blank; rings[1].gates.maxCrashPerMille: must be less than or equal to 1000' });
    expect(fieldProblems(error)).toEqual({ product: 'must not be blank', 'rings[1].gates.maxCrashPerMille': 'must be less than or equal to 1000' });
  });

  it('reads an errors extension by JSON pointer or field, and joins two messages for one field', () => {
    const error = new ApiError(422, 'x', {
      status: 422,
      errors: [
        { pointer: '#/rings/0/name', detail: 'names must differ' },
        { field: 'rings[0].name', message: 'must not be blank' },
        { pointer: '#/rings/2/minSoak' },
        'nonsense',
      ],
    });
    expect(fieldProblems(error)).toEqual({ 'rings[0].name': 'names must differ; must not be blank' });
    expect(pointerToPath('/rings/10/gates/maxBootFailurePerMille')).toBe('rings[10].gates.maxBootFailurePerMille');
  });

  it('maps a detail written in sentences, and any non-input problem, to no field', () => {
    expect(fieldProblems(new ApiError(400, 'x', { detail: 'Ring 2 (“Early”): the share must grow from ring to ring.' }))).toEqual({});
    expect(fieldProblems(new ApiError(409, 'x', { detail: 'state: HALTED' }))).toEqual({});
    expect(fieldProblems(null)).toEqual({});
  });
});
