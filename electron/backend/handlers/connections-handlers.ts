// STUB (issue 17): replaced by the connections helper.
import type { CallHandlers } from '#common/contract.ts';
import { fail } from '#common/result.ts';
import type { BackendContext } from '../context.ts';

type ConnectionsHandlers = Pick<
  CallHandlers,
  | 'estimateConnections'
  | 'loadConnections'
  | 'cancelConnections'
  | 'getFollowUps'
  | 'exportFollowUps'
>;

export const createConnectionsHandlers = (_ctx: BackendContext): ConnectionsHandlers => {
  const todo = async () => fail('internal', 'Not built yet.');
  return {
    estimateConnections: todo,
    loadConnections: todo,
    cancelConnections: todo,
    getFollowUps: todo,
    exportFollowUps: todo,
  };
};
