// STUB (issue 17): replaced by the reconcile helper.
import type { CallHandlers } from '#common/contract.ts';
import { fail } from '#common/result.ts';
import type { BackendContext } from '../context.ts';

type ReconcileHandlers = Pick<
  CallHandlers,
  | 'estimateReconcile'
  | 'startReconcile'
  | 'resumeReconcile'
  | 'cancelReconcile'
  | 'discardReconcile'
  | 'getReconcile'
  | 'getReconcileRows'
  | 'exportReconcile'
>;

export const createReconcileHandlers = (_ctx: BackendContext): ReconcileHandlers => {
  const todo = async () => fail('internal', 'Not built yet.');
  return {
    estimateReconcile: todo,
    startReconcile: todo,
    resumeReconcile: todo,
    cancelReconcile: todo,
    discardReconcile: todo,
    getReconcile: todo,
    getReconcileRows: todo,
    exportReconcile: todo,
  };
};
