"""A stand-in for the browser's speech engine: the voices a test gives, and what was spoken by which."""

SPEECH_STUB = """
(voices) => {
  window.__spoken = [];
  window.__cancelled = 0;
  let list = [];
  const listeners = [];
  const engine = {
    getVoices: () => list,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voiceLang: u.voice && u.voice.lang }),
    cancel: () => { window.__cancelled += 1; },
    addEventListener: (name, listener) => { if (name === 'voiceschanged') listeners.push(listener); },
  };
  window.__voices = (langs) => {
    list = langs.map((lang) => ({ lang, name: 'voice ' + lang, voiceURI: lang, localService: true }));
    listeners.forEach((listener) => listener(new Event('voiceschanged')));
  };
  Object.defineProperty(window, 'speechSynthesis', { value: engine, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; };
  if (voices) window.__voices(voices);
}
"""


def with_voices(page, *voices):
    """Stub speech for every page this context opens; voices=() means they have not arrived yet."""
    page.context.add_init_script(script=f"({SPEECH_STUB})({list(voices) or 'null'})")


def spoken(page):
    return page.evaluate("window.__spoken")
