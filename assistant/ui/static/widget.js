// The ChatBI widget: asks POST /api/ask and draws each answer with DOM APIs only. Data and model text is
// only ever set with textContent (never innerHTML); charts are SVG built here from the answer's chart spec.
(function () {
  "use strict";

  var TEXT = {
    en: {
      welcome: "Ask a question about your customers, orders, complaints or surveys.",
      placeholder: "Ask a question…",
      send: "Ask",
      newChat: "New chat",
      thinking: "Working on it",
      sql: "Show SQL",
      more: "{shown} of {total} rows shown",
      network: "Could not reach the assistant. Please check your connection and try again.",
      failed: "Sorry, something went wrong. Please try again.",
      tryThese: "You could ask:",
      moreThemes: "+{n} more themes",
      change: "{sign}{value} pts vs previous",
      missing: "n/a"
    },
    zh: {
      welcome: "可以问关于客户、订单、投诉或调研的问题。",
      placeholder: "输入您的问题…",
      send: "提问",
      newChat: "新对话",
      thinking: "正在处理",
      sql: "查看 SQL",
      more: "显示 {total} 行中的前 {shown} 行",
      network: "无法连接到助手，请检查网络后重试。",
      failed: "抱歉，出了点问题，请重试。",
      tryThese: "您可以这样问：",
      moreThemes: "另有 {n} 个主题",
      change: "较上一周期{sign}{value}个百分点",
      missing: "无数据"
    }
  };
  var PALETTE = ["#4f46e5", "#0ea5e9", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6"];
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_TABLE_ROWS = 8;
  var MAX_THEMES = 5;
  var QUOTED_THEMES = 3; // the top themes show quotes; the rest show their share only
  var MAX_HISTORY = 10;

  var config = readConfig();
  var params = new URLSearchParams(window.location.search);
  var language = params.get("lang") === "zh" ? "zh" : params.get("lang") === "en" ? "en" : config.language || "en";
  var history = [];
  var busy = false;

  var root = document.getElementById("chatbi-widget");
  var log = document.getElementById("chatbi-log");
  var form = document.getElementById("chatbi-form");
  var input = document.getElementById("chatbi-question");
  var send = document.getElementById("chatbi-send");
  var newChat = document.getElementById("chatbi-new");
  var welcome = log.querySelector(".chatbi-welcome");

  function readConfig() {
    var node = document.getElementById("chatbi-config");
    try {
      return JSON.parse(node ? node.textContent : "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function say(key, values) {
    var text = (TEXT[language] || TEXT.en)[key] || TEXT.en[key] || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, String(attributes[name]));
    });
    return node;
  }

  // Quotes arrive HTML-escaped (and masked) from the server: decode the entities once, show as text.
  function decodeEntities(text) {
    var named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    return String(text).replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, function (match, entity) {
      if (entity[0] === "#") {
        var code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : match;
      }
      return named[entity.toLowerCase()];
    });
  }

  function applyLanguage() {
    root.setAttribute("data-lang", language);
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    input.placeholder = say("placeholder");
    input.setAttribute("aria-label", say("placeholder"));
    send.textContent = say("send");
    newChat.title = say("newChat");
    newChat.setAttribute("aria-label", say("newChat"));
    var welcomeText = document.getElementById("chatbi-welcome-text");
    if (welcomeText) welcomeText.textContent = say("welcome");
  }

  function renderExamples() {
    var box = document.getElementById("chatbi-examples");
    if (!box) return;
    box.textContent = "";
    var examples = (config.examples && (config.examples[language] || config.examples.en)) || [];
    examples.slice(0, 4).forEach(function (question) {
      box.appendChild(chip(question));
    });
  }

  function chip(question) {
    var button = el("button", "chatbi-chip", question);
    button.type = "button";
    button.addEventListener("click", function () {
      ask(question);
    });
    return button;
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function number(value, format) {
    if (value === null || value === undefined || value === "") return say("missing");
    if (typeof value !== "number") return /^\d{4}-\d{2}-\d{2}T00:00:00/.test(String(value)) ? String(value).slice(0, 10) : String(value);
    var locale = language === "zh" ? "zh-CN" : "en-US";
    if (format === "percent") return (value * 100).toLocaleString(locale, { maximumFractionDigits: 1 }) + "%";
    if (format === "currency") return "¥" + value.toLocaleString(locale, { maximumFractionDigits: value >= 1000 ? 0 : 2 });
    if (format === "integer") return Math.round(value).toLocaleString(locale);
    return value.toLocaleString(locale, { maximumFractionDigits: 2 });
  }

  function columnFormat(answer, column) {
    var formats = (answer.chart && answer.chart.formats) || {};
    if (formats[column]) return formats[column];
    if (column === "share") return "percent";
    return null;
  }

  function compact(value) {
    var abs = Math.abs(value);
    if (abs >= 1e9) return (value / 1e9).toFixed(1).replace(/\.0$/, "") + "B";
    if (abs >= 1e6) return (value / 1e6).toFixed(1).replace(/\.0$/, "") + "M";
    if (abs >= 1e3) return (value / 1e3).toFixed(1).replace(/\.0$/, "") + "k";
    return String(Math.round(value * 100) / 100);
  }

  function axisValue(value, format) {
    if (format === "percent") return Math.round(value * 1000) / 10 + "%";
    return compact(value);
  }

  function shortLabel(value) {
    var text = value === null || value === undefined ? say("missing") : String(value);
    return text.length > 14 ? text.slice(0, 13) + "…" : text;
  }

  // Dates as the grain shows them: "2026-03" when every date is a month start, "2026" for year starts.
  function periodLabels(values) {
    var dates = values.every(function (v) { return /^\d{4}-\d{2}-\d{2}/.test(v); });
    if (!dates) return values;
    var days = values.map(function (v) { return v.slice(0, 10); });
    if (days.every(function (d) { return /-01-01$/.test(d); }) && days.length > 1) return days.map(function (d) { return d.slice(0, 4); });
    if (days.every(function (d) { return /-01$/.test(d); })) return days.map(function (d) { return d.slice(0, 7); });
    return days;
  }

  // A date of a time-grain column ("ordered_at__month") as its period: 2026-03, 2026-Q3, 2026.
  function period(column, value) {
    var grain = String(column).indexOf("__") > 0 ? String(column).split("__").pop() : null;
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (!match) return value;
    if (grain === "year") return match[1];
    if (grain === "quarter") return match[1] + "-Q" + (Math.floor((parseInt(match[2], 10) - 1) / 3) + 1);
    if (grain === "month") return match[1] + "-" + match[2];
    return number(value);
  }

  function humanize(column) {
    var name = String(column);
    if (name.indexOf("__") > 0) name = name.split("__").pop();
    name = name.replace(/_/g, " ");
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  // The chart spec (assistant/charts.py): {type, x, y: [...], series, x_kind, orientation, formats, title}.
  function chartSeries(answer, spec) {
    var columns = answer.columns || [];
    var xi = columns.indexOf(spec.x);
    var si = spec.series ? columns.indexOf(spec.series) : -1;
    var ys = (spec.y || []).filter(function (name) { return columns.indexOf(name) >= 0; });
    if (xi < 0 || !ys.length) return null;
    var categories = [];
    var series = {};
    var order = [];
    (answer.rows || []).forEach(function (row) {
      var x = row[xi] === null || row[xi] === undefined ? say("missing") : String(row[xi]);
      if (categories.indexOf(x) < 0) categories.push(x);
      var names = si >= 0 ? [String(row[si])] : ys.length > 1 ? ys : [ys[0]];
      names.forEach(function (name, index) {
        var yi = columns.indexOf(si >= 0 ? ys[0] : ys.length > 1 ? ys[index] : ys[0]);
        if (!series[name]) { series[name] = {}; order.push(name); }
        var value = row[yi];
        if (typeof value === "number") series[name][x] = value;
      });
    });
    var labels = spec.x_kind === "time" ? periodLabels(categories) : categories;
    var named = {};
    order.forEach(function (name) {
      named[name] = {};
      categories.forEach(function (x, i) { if (x in series[name]) named[name][labels[i]] = series[name][x]; });
    });
    var shown = order.slice(0, PALETTE.length);
    return {
      categories: labels,
      names: shown.map(function (name) { return si >= 0 ? name : humanize(name); }),
      values: shown.reduce(function (acc, name) { acc[si >= 0 ? name : humanize(name)] = named[name]; return acc; }, {}),
      format: spec.formats ? spec.formats[ys[0]] : null
    };
  }

  function drawChart(answer) {
    var spec = answer.chart;
    if (!spec || (spec.type !== "line" && spec.type !== "bar")) return null;
    var data = chartSeries(answer, spec);
    if (!data || !data.categories.length) return null;
    var all = [];
    data.names.forEach(function (name) {
      data.categories.forEach(function (x) {
        if (typeof data.values[name][x] === "number") all.push(data.values[name][x]);
      });
    });
    if (!all.length) return null;
    var box = el("div", "chatbi-chart");
    if (spec.title) box.appendChild(el("div", "chatbi-chart-title", spec.title));
    var horizontal = spec.type === "bar" && spec.orientation === "horizontal" && data.names.length === 1;
    var chart = horizontal ? horizontalBars(data, all) : spec.type === "line" ? lineChart(data, all) : verticalBars(data, all);
    box.appendChild(chart);
    if (data.names.length > 1) {
      var legend = el("div", "chatbi-legend");
      data.names.forEach(function (name, index) {
        var item = el("span");
        var swatch = el("span", "chatbi-swatch");
        swatch.style.background = PALETTE[index];
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(name));
        legend.appendChild(item);
      });
      box.appendChild(legend);
    }
    return box;
  }

  function scale(all) {
    var max = Math.max.apply(null, all.concat([0]));
    var min = Math.min.apply(null, all.concat([0]));
    return { min: min, max: max === min ? min + 1 : max };
  }

  function lineChart(data, all) {
    var width = 340, height = 170, left = 44, right = 8, top = 8, bottom = 24;
    var range = scale(all);
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    var plotW = width - left - right, plotH = height - top - bottom;
    var n = data.categories.length;
    function px(i) { return left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1)); }
    function py(v) { return top + plotH - ((v - range.min) / (range.max - range.min)) * plotH; }
    axes(chart, range, data.format, left, top, plotW, plotH);
    data.names.forEach(function (name, index) {
      var points = [];
      data.categories.forEach(function (x, i) {
        var v = data.values[name][x];
        if (typeof v === "number") points.push(px(i).toFixed(1) + "," + py(v).toFixed(1));
      });
      chart.appendChild(svg("polyline", { points: points.join(" "), fill: "none", stroke: PALETTE[index], "stroke-width": 2 }));
      data.categories.forEach(function (x, i) {
        var v = data.values[name][x];
        if (typeof v !== "number") return;
        var dot = svg("circle", { cx: px(i).toFixed(1), cy: py(v).toFixed(1), r: 2.5, fill: PALETTE[index] });
        var tip = svg("title");
        tip.textContent = name + " · " + x + ": " + number(v, data.format);
        dot.appendChild(tip);
        chart.appendChild(dot);
      });
    });
    var labels = n > 1 ? [0, n - 1] : [0];
    if (n > 4) labels.splice(1, 0, Math.floor((n - 1) / 2));
    labels.forEach(function (i) {
      var text = svg("text", { x: px(i).toFixed(1), y: height - 6, "text-anchor": i === 0 && n > 1 ? "start" : i === n - 1 && n > 1 ? "end" : "middle", class: "chatbi-axis" });
      text.textContent = shortLabel(data.categories[i]);
      chart.appendChild(text);
    });
    return chart;
  }

  function verticalBars(data, all) {
    var width = 340, height = 180, left = 44, right = 8, top = 8, bottom = 34;
    var range = scale(all);
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    var plotW = width - left - right, plotH = height - top - bottom;
    axes(chart, range, data.format, left, top, plotW, plotH);
    var n = data.categories.length, k = data.names.length;
    var slot = plotW / n, barW = Math.max(2, (slot * 0.75) / k);
    function py(v) { return top + plotH - ((v - range.min) / (range.max - range.min)) * plotH; }
    data.categories.forEach(function (x, i) {
      data.names.forEach(function (name, j) {
        var v = data.values[name][x];
        if (typeof v !== "number") return;
        var y0 = py(Math.max(0, range.min)), y1 = py(v);
        var bar = svg("rect", {
          x: (left + i * slot + slot * 0.125 + j * barW).toFixed(1), y: Math.min(y0, y1).toFixed(1),
          width: barW.toFixed(1), height: Math.max(1, Math.abs(y0 - y1)).toFixed(1), fill: PALETTE[j], rx: 2
        });
        var tip = svg("title");
        tip.textContent = (k > 1 ? name + " · " : "") + x + ": " + number(v, data.format);
        bar.appendChild(tip);
        chart.appendChild(bar);
      });
      if (n <= 8 || i % Math.ceil(n / 8) === 0) {
        var label = svg("text", { x: (left + i * slot + slot / 2).toFixed(1), y: height - 20, "text-anchor": "middle", class: "chatbi-axis" });
        label.textContent = shortLabel(x);
        chart.appendChild(label);
      }
    });
    return chart;
  }

  function horizontalBars(data, all) {
    var name = data.names[0];
    var n = data.categories.length;
    var row = 20, left = 130, right = 40, width = 340;
    var height = n * row + 6;
    var max = Math.max.apply(null, all.concat([0])) || 1;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    data.categories.forEach(function (x, i) {
      var v = data.values[name][x];
      var y = 3 + i * row;
      var label = svg("text", { x: left - 6, y: y + 13, "text-anchor": "end", class: "chatbi-axis" });
      label.textContent = x.length > 22 ? x.slice(0, 21) + "…" : x;
      chart.appendChild(label);
      if (typeof v !== "number") return;
      var w = Math.max(1, (Math.max(0, v) / max) * (width - left - right));
      var bar = svg("rect", { x: left, y: y + 3, width: w.toFixed(1), height: row - 7, fill: PALETTE[0], rx: 2 });
      var tip = svg("title");
      tip.textContent = x + ": " + number(v, data.format);
      bar.appendChild(tip);
      chart.appendChild(bar);
      var value = svg("text", { x: (left + w + 4).toFixed(1), y: y + 13, class: "chatbi-axis" });
      value.textContent = number(v, data.format);
      chart.appendChild(value);
    });
    return chart;
  }

  function axes(chart, range, format, left, top, plotW, plotH) {
    [range.min, (range.min + range.max) / 2, range.max].forEach(function (v) {
      var y = top + plotH - ((v - range.min) / (range.max - range.min)) * plotH;
      chart.appendChild(svg("line", { x1: left, x2: left + plotW, y1: y.toFixed(1), y2: y.toFixed(1), stroke: "#e5e7eb" }));
      var label = svg("text", { x: left - 4, y: (y + 3).toFixed(1), "text-anchor": "end", class: "chatbi-axis" });
      label.textContent = axisValue(v, format);
      chart.appendChild(label);
    });
  }

  function drawThemes(answer) {
    var themes = answer.themes || [];
    if (!themes.length) return null;
    var list = el("ol", "chatbi-themes");
    var top = Math.max.apply(null, themes.map(function (t) { return t.share || 0; }).concat([0])) || 1;
    themes.slice(0, MAX_THEMES).forEach(function (theme, index) {
      var item = el("li", "chatbi-theme");
      var head = el("div", "chatbi-theme-head");
      head.appendChild(el("span", null, theme.label));
      head.appendChild(el("span", null, number(theme.share, "percent")));
      item.appendChild(head);
      var bar = el("div", "chatbi-theme-bar");
      var fill = el("span");
      fill.style.width = Math.max(2, Math.min(100, ((theme.share || 0) / top) * 100)).toFixed(1) + "%";
      bar.appendChild(fill);
      item.appendChild(bar);
      var quotes = index < QUOTED_THEMES ? (index === 0 ? 2 : 1) : 0;
      (theme.examples || []).slice(0, quotes).forEach(function (quote) {
        item.appendChild(el("blockquote", "chatbi-quote", decodeEntities(quote)));
      });
      list.appendChild(item);
    });
    if (themes.length > MAX_THEMES) list.appendChild(el("li", "chatbi-more", say("moreThemes", { n: themes.length - MAX_THEMES })));
    return list;
  }

  function drawTable(answer) {
    var columns = answer.columns || [];
    var rows = answer.rows || [];
    if (!rows.length || !columns.length || (answer.themes && answer.themes.length)) return null;
    if (rows.length === 1 && columns.length === 1) return null; // one number: the summary says it
    var wrap = el("div", "chatbi-table-wrap");
    var table = el("table", "chatbi-table");
    var head = el("tr");
    columns.forEach(function (column) { head.appendChild(el("th", null, humanize(column))); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    rows.slice(0, MAX_TABLE_ROWS).forEach(function (row) {
      var tr = el("tr");
      columns.forEach(function (column, index) {
        var value = row[index];
        var shown = typeof value === "string" ? period(column, value) : number(value, columnFormat(answer, column));
        var cell = el("td", typeof value === "number" ? "chatbi-num" : null, shown);
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    if (rows.length > MAX_TABLE_ROWS) {
      wrap.appendChild(el("div", "chatbi-more", say("more", { shown: MAX_TABLE_ROWS, total: answer.row_count || rows.length })));
    }
    return wrap;
  }

  function renderAnswer(box, answer) {
    box.textContent = "";
    box.classList.remove("chatbi-pending");
    var ok = answer.status === "answered";
    var text = ok ? answer.summary || answer.message || "" : answer.message || say("failed");
    var summary = el("p", "chatbi-summary", text);
    if (answer.status === "error" || answer.status === "refused") summary.classList.add("chatbi-error");
    if (answer.status === "clarify" || answer.status === "unsupported") summary.classList.add("chatbi-notice");
    box.appendChild(summary);
    [drawChart(answer), drawThemes(answer), drawTable(answer)].forEach(function (part) {
      if (part) box.appendChild(part);
    });
    var suggestions = (answer.plan && answer.plan.suggestions) || [];
    if (!ok && suggestions.length) {
      box.appendChild(el("div", "chatbi-more", say("tryThese")));
      var list = el("div", "chatbi-suggestions");
      suggestions.slice(0, 3).forEach(function (question) { list.appendChild(chip(question)); });
      box.appendChild(list);
    }
    if (answer.sql) {
      var details = el("details", "chatbi-sql");
      details.appendChild(el("summary", null, say("sql")));
      details.appendChild(el("pre", null, answer.sql));
      box.appendChild(details);
    }
  }

  function showError(box, message) {
    var error = el("div", "chatbi-error", message);
    error.setAttribute("role", "alert");
    box.replaceWith(error);
  }

  function ask(question) {
    var text = String(question || "").trim();
    if (!text || busy) return;
    busy = true;
    send.disabled = true;
    if (welcome && welcome.parentNode) welcome.remove();
    if (/[\u4e00-\u9fff]/.test(text) !== (language === "zh")) {
      language = /[\u4e00-\u9fff]/.test(text) ? "zh" : "en";
      applyLanguage();
    }
    var asked = el("div", "chatbi-user", text);
    log.appendChild(asked);
    var box = el("div", "chatbi-answer chatbi-pending", say("thinking"));
    log.appendChild(box);
    scrollDown();
    input.value = "";
    fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: text, history: history }),
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json().then(
          function (body) { return { ok: response.ok, body: body }; },
          function () { return { ok: false, body: {} }; }
        );
      })
      .then(function (result) {
        if (!result.ok || !result.body || typeof result.body.status !== "string" || !("question" in result.body)) {
          showError(box, (result.body && result.body.message) || say("failed"));
          return;
        }
        var answer = result.body;
        renderAnswer(box, answer);
        history.push({ question: text, query: (answer.plan && answer.plan.query) || null });
        if (history.length > MAX_HISTORY) history = history.slice(-MAX_HISTORY);
      })
      .catch(function () {
        showError(box, say("network"));
      })
      .then(function () {
        busy = false;
        send.disabled = false;
        // Show the answer from its question down, not its last line.
        log.scrollTop = Math.max(0, asked.offsetTop - log.offsetTop - 8);
        input.focus();
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(input.value);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(input.value);
    }
  });
  newChat.addEventListener("click", function () {
    history = [];
    log.textContent = "";
    if (welcome) log.appendChild(welcome);
    renderExamples();
    input.focus();
  });

  var title = params.get("title");
  if (title) {
    document.getElementById("chatbi-title").textContent = title.slice(0, 60);
    document.title = title.slice(0, 60);
  }
  if (config.maxQuestionChars) input.maxLength = config.maxQuestionChars;
  applyLanguage();
  renderExamples();
})();
