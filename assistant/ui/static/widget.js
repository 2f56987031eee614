// The ChatBI widget: asks POST /api/ask and draws each answer with DOM APIs only. Data and model text is
// only ever set with textContent (never innerHTML); the chart is the server's SVG shown as an image.
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
      moreThemes: "+{n} more themes"
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
      moreThemes: "另有 {n} 个主题"
    }
  };
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

  // Display values come from the server (assistant/ui/display.py), formatted in the answer's language:
  // this file formats no number, amount or period itself.
  function display(answer) {
    return (answer && typeof answer.display === "object" && answer.display) || {};
  }

  function drawChart(answer) {
    var chart = display(answer).chart;
    // Our own SVG as an image: nothing in it can run or load anything.
    if (!chart || typeof chart.src !== "string" || chart.src.indexOf("data:image/svg+xml;base64,") !== 0) return null;
    var figure = el("figure", "chatbi-chart");
    var img = el("img", "chatbi-chart-img");
    img.alt = String(chart.alt || "");
    img.src = chart.src;
    figure.appendChild(img);
    return figure;
  }

  function drawThemes(answer) {
    var themes = display(answer).themes || [];
    if (!themes.length) return null;
    var quotesByLabel = {};
    (answer.themes || []).forEach(function (theme) { quotesByLabel[theme.label] = theme.examples || []; });
    var list = el("ol", "chatbi-themes");
    themes.slice(0, MAX_THEMES).forEach(function (theme, index) {
      var item = el("li", "chatbi-theme" + (theme.other ? " chatbi-theme-other" : ""));
      var head = el("div", "chatbi-theme-head");
      head.appendChild(el("span", null, theme.label));
      head.appendChild(el("span", null, theme.share));
      item.appendChild(head);
      var bar = el("div", "chatbi-theme-bar");
      var fill = el("span");
      fill.style.width = Math.max(2, Math.min(100, Number(theme.width) || 0)).toFixed(1) + "%";
      bar.appendChild(fill);
      item.appendChild(bar);
      if (theme.facts && theme.facts.length) item.appendChild(el("div", "chatbi-theme-facts", theme.facts.join(" · ")));
      var quotes = theme.other ? 0 : index < QUOTED_THEMES ? (index === 0 ? 2 : 1) : 0;
      (quotesByLabel[theme.label] || []).slice(0, quotes).forEach(function (quote) {
        item.appendChild(el("blockquote", "chatbi-quote", decodeEntities(quote)));
      });
      list.appendChild(item);
    });
    if (themes.length > MAX_THEMES) list.appendChild(el("li", "chatbi-more", say("moreThemes", { n: themes.length - MAX_THEMES })));
    return list;
  }

  function drawTable(answer) {
    var table = display(answer).table;
    if (!table || !table.rows || !table.rows.length || (answer.themes && answer.themes.length)) return null;
    if (table.rows.length === 1 && table.headers.length === 1) return null; // one number: the summary says it
    var wrap = el("div", "chatbi-table-wrap");
    var node = el("table", "chatbi-table");
    var head = el("tr");
    table.headers.forEach(function (label, index) {
      head.appendChild(el("th", table.numeric[index] ? "chatbi-num" : null, label));
    });
    var thead = el("thead");
    thead.appendChild(head);
    node.appendChild(thead);
    var body = el("tbody");
    table.rows.slice(0, MAX_TABLE_ROWS).forEach(function (row, rowIndex) {
      var tr = el("tr", (table.highlight || []).indexOf(rowIndex) >= 0 ? "chatbi-top" : null);
      row.forEach(function (cell, index) {
        tr.appendChild(el("td", table.numeric[index] ? "chatbi-num" : null, cell));
      });
      body.appendChild(tr);
    });
    node.appendChild(body);
    wrap.appendChild(node);
    if (table.rows.length > MAX_TABLE_ROWS) {
      wrap.appendChild(el("div", "chatbi-more", say("more", { shown: MAX_TABLE_ROWS, total: table.total || table.rows.length })));
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
  // The page ships the button disabled: a click before this script ran would submit the form natively and
  // reload the widget, losing the question.
  send.disabled = false;
})();
