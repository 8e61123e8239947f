/**
 * Whether the window may use a web permission (camera, notifications, geolocation, clipboard
 * reads…): never. The UI needs none, and a page that asks for one is not behaving as ours does.
 * OS notifications come from the main process, which needs no permission.
 */
export function permissionDecision(_permission: string): false {
  return false;
}
