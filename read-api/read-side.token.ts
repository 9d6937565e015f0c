/** Nest injection token for the ReadSide (projections/read-side.ts) the read API serves. */
export const READ_SIDE = Symbol('READ_SIDE');
