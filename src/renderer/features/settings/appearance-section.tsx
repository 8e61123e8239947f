import { setThemePreference, type ThemePreference, useThemeStore } from '../../app/theme-store';

const CHOICES: ReadonlyArray<Readonly<{ preference: ThemePreference; label: string }>> = [
  { preference: 'system', label: 'System' },
  { preference: 'light', label: 'Light' },
  { preference: 'dark', label: 'Dark' },
];

/** Light, dark, or the system's choice; applied at once and kept in this window. */
export function AppearanceSection() {
  const preference = useThemeStore((state) => state.preference);
  return (
    <section className="panel settings-section" aria-labelledby="settings-appearance-heading" id="settings-appearance">
      <h2 id="settings-appearance-heading">Appearance</h2>
      <fieldset>
        <legend>Theme</legend>
        {CHOICES.map((choice) => (
          <label key={choice.preference} className="checkbox-row">
            <input
              type="radio"
              name="theme"
              value={choice.preference}
              checked={preference === choice.preference}
              onChange={() => setThemePreference(choice.preference)}
            />
            {choice.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
