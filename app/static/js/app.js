// Vangnet: JavaScript only adds things; every page works without it.
(function () {
  "use strict";
  var body = document.body, lang = document.documentElement.lang || "nl";
  var $ = function (s) { return document.querySelector(s); };
  var $$ = function (s) { return document.querySelectorAll(s); };
  var show = function (el, on) { if (el) { el.hidden = on === false; } };

  // --- Read aloud: each part with a voice of its own language (its nearest lang), or not at all. ---
  // Voices say "nl-NL", "nl_BE" or, in Firefox on Android, "nld-NL-f000".
  var LONG = { nld: "nl", dut: "nl", eng: "en", ara: "ar", tur: "tr", pol: "pl", ukr: "uk" };
  var primary = function (tag) { var c = String(tag).toLowerCase().split(/[-_]/)[0]; return LONG[c] || c; };
  var speech = window.speechSynthesis, readButton = $("[data-read-aloud]"), stopButton = $("[data-stop-reading]");
  var BLOCKS = "h1,h2,h3,p,legend,label,li,dt,dd,th,td,.choice-label,.choice-hint,.result-when";
  var SKIP = "[hidden],[aria-hidden=true],.visually-hidden,script,[data-no-read],dialog:not([open])";
  var SAYABLE = /[\p{L}\p{N}]/u;
  var run = 0;

  function voiceFor(language) {
    var mine = [].filter.call(speech.getVoices() || [], function (v) { return primary(v.lang) === primary(language); });
    return mine.filter(function (v) { return v.localService; })[0] || mine[0];
  }

  // A block's text in parts of one language each: [[language, text], ...]. What is hidden is left out,
  // and the blocks inside it (a card's label, its hint) end a line.
  function partsOf(el) {
    var parts = [], block = el, walker = document.createTreeWalker(el, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.nodeType === 1 && node.matches(SKIP + ",svg,img") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var add = function (language, text) {
      var last = parts[parts.length - 1];
      if (last && last[0] === language) { last[1] += text; } else { parts.push([language, text]); }
    };
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeName === "BR") { add(lang, "\n"); }
      if (node.nodeType !== 3) { continue; }
      var inBlock = node.parentElement.closest(BLOCKS);
      if (inBlock !== block) { add(lang, "\n"); block = inBlock; }
      var owner = node.parentElement.closest("[lang]");
      add(primary(owner ? owner.lang : lang), node.data);
    }
    return parts;
  }

  // Sentence-sized parts: some voices stop in the middle of a long one.
  function sentences(text) {
    var parts = [];
    (text.match(/[^.!?؟;؛\n]+[.!?؟;؛]*/g) || []).forEach(function (part) {
      part = part.replace(/\s+/g, " ").trim();
      while (part.length > 180) {
        var cut = part.lastIndexOf(" ", 180);
        cut = cut < 60 ? 180 : cut;
        parts.push(part.slice(0, cut));
        part = part.slice(cut).trim();
      }
      if (SAYABLE.test(part)) { parts.push(part); }
    });
    return parts;
  }

  function mark(el) {
    $$(".reading").forEach(function (e) { e.classList.remove("reading"); });
    if (el) { el.classList.add("reading"); }
  }

  function swap(reading) {
    var focused = document.activeElement;
    show(readButton, !reading && !!voiceFor(lang));
    show(stopButton, reading);
    if (focused === readButton || focused === stopButton) { (reading ? stopButton : readButton).focus(); }
  }

  function stop() {
    run += 1;
    speech.cancel();
    mark();
    swap(false);
  }

  // What to say: [block, text, language, voice]. A part in a language without a voice is not read by
  // another voice: the page's voice says once which language it is in ("Deze tekst is in het Nederlands.").
  function script() {
    var notes = JSON.parse(readButton.dataset.notes || "{}"), queue = [], last;
    $$("main " + BLOCKS.replace(/,/g, ",main ")).forEach(function (el) {
      if ((last && last.contains(el)) || el.closest(SKIP) || !el.getClientRects().length) { return; }
      var parts = partsOf(el);
      if (!parts.some(function (part) { return SAYABLE.test(part[1]); })) { return; }
      last = el;
      parts.forEach(function (part) {
        var voice = voiceFor(part[0]), previous = queue[queue.length - 1];
        if (voice) {
          sentences(part[1]).forEach(function (text) { queue.push([el, text, part[0], voice]); });
        } else if (SAYABLE.test(part[1]) && !(previous && previous[4] === part[0])) {
          queue.push([el, notes[part[0]] || notes["*"], lang, voiceFor(lang), part[0]]);
        }
      });
    });
    return queue;
  }

  function read() {
    var mine = run += 1, queue;
    if (!voiceFor(lang)) { return swap(false); }
    speech.cancel();
    queue = script();
    swap(true);
    queue.forEach(function (item, i) {
      var u = new SpeechSynthesisUtterance(item[1]);
      u.lang = item[2];
      u.voice = item[3];
      u.rate = 0.9;
      u.onstart = function () { if (mine === run) { mark(item[0]); } };
      if (i === queue.length - 1) { u.onend = u.onerror = function () { if (mine === run) { stop(); } }; }
      speech.speak(u);
    });
    if (!queue.length) { stop(); }
  }

  if (speech && readButton && stopButton && window.SpeechSynthesisUtterance) {
    var offer = function () { if (stopButton.hidden) { swap(false); } };
    offer();
    if (speech.addEventListener) { speech.addEventListener("voiceschanged", offer); }
    readButton.addEventListener("click", read);
    stopButton.addEventListener("click", stop);
    addEventListener("pagehide", function () { speech.cancel(); });
  }

  // --- Kiosk: "Are you still there?" after the idle time, then start over on the server. ---
  var startOver = function () { var b = $("[data-start-over]"); if (b && b.form) { b.form.submit(); } };
  // The server deletes a kiosk's draft left alone for the idle time and countdown: tell it, at most
  // every 30 s, that someone is still busy here (typing a long story, or "Yes, I need more time").
  var told = Date.now();
  var stillHere = function (now) {
    var b = $("[data-start-over]");
    if (!b || !b.form || (!now && Date.now() - told < 30000)) { return; }
    told = Date.now();
    fetch("/still-here", { method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "X-CSRFToken": b.form.elements.csrf_token.value } }).catch(function () {});
  };
  var dialog = $("#idle-dialog"), data = body.dataset;
  if (data.kiosk && dialog && dialog.showModal) {
    var count = dialog.querySelector("[data-countdown]"), live = count.parentNode, timer, tick;
    // The sentence for each number of seconds left, in the plural form the server's catalogue gives it.
    var countdownSentences = $("#countdown-sentences").content.children;
    var restart = function () {
      stillHere();
      clearTimeout(timer);
      if (!dialog.open) { timer = setTimeout(ask, (+data.idleSeconds || 120) * 1000); }
    };
    var moreTime = function () {
      stillHere(true);
      clearInterval(tick);
      if (dialog.open) { dialog.close(); }
      restart();
    };
    var ask = function () {
      var end = Date.now() + (+data.countdownSeconds || 30) * 1000, shown;
      var update = function () {
        var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
        if (left === shown) { return; }
        shown = left;
        count.textContent = countdownSentences[left].textContent;
        // Screen readers hear the count every 10 s, not every second: live only just before a multiple of 10.
        live.setAttribute("aria-live", (left - 1) % 10 ? "off" : "polite");
        if (!left) { clearInterval(tick); startOver(); }
      };
      update();
      dialog.showModal();
      tick = setInterval(update, 250);
    };
    live.setAttribute("aria-atomic", "true");
    "pointerdown touchstart keydown input scroll wheel".split(" ").forEach(function (name) {
      document.addEventListener(name, restart, { passive: true, capture: true });
    });
    // Any tap in the dialog or on its backdrop means "more time"; so does Escape.
    dialog.addEventListener("click", moreTime);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); moreTime(); });
    restart();
    if (data.returnAfter > 0) { setTimeout(startOver, data.returnAfter * 1000); }
    // Back to a page kept in memory: ask the server again, which has forgotten the visit.
    addEventListener("pageshow", function (event) { if (event.persisted) { location.reload(); } });
  }

  // --- Where I am now, rounded to about 100 m before it leaves the phone. ---
  $$("[data-locate]").forEach(function (button) {
    if (!navigator.geolocation) { return; }
    show(button);
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var url = new URL(button.dataset.locate, location.href);
        url.searchParams.set("lat", position.coords.latitude.toFixed(3));
        url.searchParams.set("lon", position.coords.longitude.toFixed(3));
        location.assign(url.href);
      }, function () { show($("[data-locate-error]")); }, { timeout: 15000, maximumAge: 600000 });
    });
  });

  // --- Staff: a tap on a map of outlines sets the typed coordinates (typing them works without this). ---
  $$("svg[data-pick-place]").forEach(function (svg) {
    var d = svg.dataset, NS = "http://www.w3.org/2000/svg";
    var lat = $("#" + (d.latField || "lat")), lon = $("#" + (d.lonField || "lon"));
    if (!lat || !lon || !svg.getScreenCTM) { return; }
    svg.classList.add("map-pickable");
    var marker = svg.querySelector(".map-place circle");
    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      point = point.matrixTransform(svg.getScreenCTM().inverse());
      var x = (point.x - d.offsetX) / d.scale + Number(d.minX), y = (point.y - d.padding) / d.scale;
      lon.value = (x / d.kx).toFixed(6);
      lat.value = (d.maxY - y).toFixed(6);
      if (!marker) {
        marker = document.createElementNS(NS, "circle");
        marker.setAttribute("r", d.radius);
        var group = document.createElementNS(NS, "g");
        group.setAttribute("class", "map-place");
        group.appendChild(marker);
        svg.appendChild(group);
      }
      marker.setAttribute("cx", point.x.toFixed(1));
      marker.setAttribute("cy", point.y.toFixed(1));
      var label = marker.parentNode.querySelector("text");
      if (label) { label.remove(); }
    });
  });

  $$("[data-print]").forEach(function (button) {
    show(button);
    button.addEventListener("click", function () { print(); });
  });
  var summary = $("[data-autofocus]");
  if (summary) { summary.focus(); }
})();
