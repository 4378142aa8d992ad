// The app needs no camera, microphone, notifications, geolocation, clipboard-read, MIDI…
// every permission request and check is refused (checklist item 5). Copy and paste work
// through the Edit menu's roles, which need no web permission.
export const isPermissionGranted = (_permission: string): boolean => false;
