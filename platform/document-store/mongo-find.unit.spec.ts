import { checkFindQuery } from './document-validation';
import { mongoFind, pointOf } from './mongo-find';

// No MongoDB server can run here (the contract runs against one when MONGO_URL is set), so these
// pin the query shapes that MongoDB's documented sort order calls for: null and missing sort
// lowest and alike, comparisons stay within a type, ties go by _id in the sort direction.
describe('MongoDB find query', () => {
  const sorted = (direction: 'asc' | 'desc') =>
    checkFindQuery({ where: { customerId: 'c-1' }, orderBy: { field: 'placedAt', direction }, limit: 10 });

  it('filters on fields under data and sorts by the field then _id in one direction', () => {
    expect(mongoFind(sorted('desc'), undefined)).toEqual({ filter: { 'data.customerId': 'c-1' }, sort: { 'data.placedAt': -1, _id: -1 } });
    expect(mongoFind(checkFindQuery({ limit: 5 }), { id: 'o-3' })).toEqual({ filter: { _id: { $gt: 'o-3' } }, sort: { _id: 1 } });
  });

  it('continues ascending after a value with greater values, then equal ones with greater ids', () => {
    expect(mongoFind(sorted('asc'), { id: 'o-3', key: '"2026-03-01"' }).filter.$and).toEqual([
      { $or: [{ 'data.placedAt': { $gt: '2026-03-01' } }, { 'data.placedAt': '2026-03-01', _id: { $gt: 'o-3' } }] },
    ]);
  });

  it('continues descending after a value with smaller values, equal ones with smaller ids, then those without one', () => {
    expect(mongoFind(sorted('desc'), { id: 'o-3', key: '7' }).filter.$and).toEqual([
      { $or: [{ 'data.placedAt': { $lt: 7 } }, { 'data.placedAt': 7, _id: { $lt: 'o-3' } }, { 'data.placedAt': null }] },
    ]);
  });

  it('continues after a document without a value among the others without one, treating null as missing', () => {
    const asc = { $or: [{ 'data.placedAt': null, _id: { $gt: 'o-3' } }, { 'data.placedAt': { $ne: null } }] };
    expect(mongoFind(sorted('asc'), { id: 'o-3' }).filter.$and).toEqual([asc]);
    expect(mongoFind(sorted('asc'), { id: 'o-3', key: 'null' }).filter.$and).toEqual([asc]);
    expect(mongoFind(sorted('desc'), { id: 'o-3' }).filter.$and).toEqual([{ 'data.placedAt': null, _id: { $lt: 'o-3' } }]);
  });

  it('marks a page end by the sort value as JSON, or by id alone when the value is missing or null', () => {
    expect(pointOf({ _id: 'a', data: { placedAt: '2026-03-01' } }, 'placedAt')).toEqual({ id: 'a', key: '"2026-03-01"' });
    expect(pointOf({ _id: 'b', data: { placedAt: null } }, 'placedAt')).toEqual({ id: 'b' });
    expect(pointOf({ _id: 'c', data: {} }, 'placedAt')).toEqual({ id: 'c' });
    expect(pointOf({ _id: 'd', data: { placedAt: 1 } }, undefined)).toEqual({ id: 'd' });
  });
});
