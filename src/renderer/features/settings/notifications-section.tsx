import { NOTIFICATION_TYPES, setNotificationPreference, useNotificationPreferences } from './notification-preferences';

/** Which OS notifications to show, by type; kept in this window (the engine has no such setting yet). */
export function NotificationsSection() {
  const preferences = useNotificationPreferences((state) => state);
  return (
    <section className="panel settings-section" aria-labelledby="settings-notifications-heading" id="settings-notifications">
      <h2 id="settings-notifications-heading">Notifications</h2>
      <p className="muted">Saved in this window only, for now.</p>
      <fieldset>
        <legend>Notify me when</legend>
        {NOTIFICATION_TYPES.map(({ type, label }) => (
          <label key={type} className="checkbox-row">
            <input type="checkbox" checked={preferences[type]} onChange={(event) => setNotificationPreference(type, event.target.checked)} />
            {label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
