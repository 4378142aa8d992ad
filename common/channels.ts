// The names of the contract's calls and events, and their IPC channels. Kept free of any
// library so the sandboxed preload stays tiny; contract.ts checks at compile time that every
// name here has an argument schema and a result type, and no schema lacks a name.
export const CALL_NAMES = [
  'getAppInfo',
  'getSettings',
  'updateSettings',
  'getKeyStatuses',
  'saveKey',
  'removeKey',
  'searchUsers',
  'getUserAccounts',
  'getAccountDetails',
  'loadTrend',
  'cancelTrend',
  'estimateExport',
  'exportUsers',
  'cancelExport',
  'getExportHistory',
  'clearExportHistory',
  'showExportInFolder',
  'openExport',
  'openPalencaConsole',
  'cancelRequest',
  'getUpdateState',
  'restartToUpdate',
  'restartApp',
  'estimateConnections',
  'loadConnections',
  'cancelConnections',
  'getFollowUps',
  'exportFollowUps',
  'getAccountUser',
  'estimateReconcile',
  'startReconcile',
  'resumeReconcile',
  'cancelReconcile',
  'discardReconcile',
  'getReconcile',
  'getReconcileRows',
  'exportReconcile',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

export const EVENT_NAMES = [
  'exportProgress',
  'trendProgress',
  'allowance',
  'update',
  'connectionsProgress',
  'reconcileProgress',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const callChannel = (name: CallName): string => `palenca:call:${name}`;
export const eventChannel = (name: EventName): string => `palenca:event:${name}`;
