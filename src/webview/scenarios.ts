/**
 * The scenario picker of the preview's toolbar: "Today" first, then the model's scenarios with
 * their verdicts; picking one redraws the diagram (and the Scaling view) under that scenario. A
 * line under the toolbar says which scenario is drawn and its verdict. Hidden without scenarios.
 */
import type { ScenarioInfo } from '../shared/messages.js';

export const TODAY = '';

export class ScenarioPicker {
  readonly select = document.createElement('select');
  readonly banner = document.createElement('div');
  private names: string[] = [];

  constructor(onPick: (scenario: string | undefined) => void) {
    this.select.className = 'scenario-picker';
    this.select.title = 'Draw the model under a scenario';
    this.select.setAttribute('aria-label', 'Scenario');
    this.select.hidden = true;
    this.select.addEventListener('change', () => onPick(this.select.value === TODAY ? undefined : this.select.value));
    this.banner.className = 'banner scenario';
    this.banner.hidden = true;
    this.banner.setAttribute('role', 'status');
  }

  /** Whether the model has a scenario of this name. */
  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** The model's scenarios (absent: none), the one picked, and the one drawn. */
  update(
    scenarios: readonly ScenarioInfo[] | undefined,
    picked: string | undefined,
    drawn: ScenarioInfo | undefined,
  ): void {
    const list = scenarios ?? [];
    const names = list.map((s) => s.name);
    if (names.join('\u0000') !== this.names.join('\u0000') || this.select.options.length === 0) {
      const today = new Option('Today', TODAY);
      today.title = "today's model, as written";
      const options = list.map((s) => {
        const o = new Option(`${s.name} — ${s.ok ? 'holds' : 'breaks'}`, s.name);
        o.title = `${s.description ? `${s.description}: ` : ''}${s.verdict}`;
        return o;
      });
      this.select.replaceChildren(today, ...options);
      this.names = names;
    }
    this.select.value = picked !== undefined && names.includes(picked) ? picked : TODAY;
    this.select.hidden = list.length === 0;
    if (drawn) {
      this.banner.textContent = `Scenario ${drawn.name}${drawn.description ? ` (${drawn.description})` : ''}: ${drawn.verdict}`;
      this.banner.classList.toggle('warning', !drawn.ok);
      this.banner.classList.toggle('ok', drawn.ok);
    }
    this.banner.hidden = !drawn;
  }
}
