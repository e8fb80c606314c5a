// Log work: a live preview of the terms' decision as the facts change (POST /api/v1/classify).
// The form works without this script; the "Preview decision" button shows the same thing after a reload.
(function () {
  "use strict";

  var form = document.getElementById("work-form");
  var panel = document.getElementById("decision-preview");
  var body = document.getElementById("decision-body");
  if (!form || !panel || !body || !window.fetch) {
    return;
  }
  var messages = JSON.parse(panel.getAttribute("data-messages") || "{}");
  var language = document.documentElement.lang === "en" ? "en" : "sv";
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute("content") : "";
  var url = form.getAttribute("data-classify-url");
  var fields = {
    customer: document.getElementById("customer_id"),
    minutes: document.getElementById("minutes"),
    category: document.getElementById("category"),
    rootCause: document.getElementById("root_cause"),
    major: document.getElementById("partner_new_major_version"),
    reference: document.getElementById("agreement_reference"),
    caseId: document.getElementById("case_id")
  };
  var categoryHint = document.getElementById("category-hint");
  var latest = 0;
  var timer = null;
  var inFlight = null;

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  // The same wording as the server's `hours` filter: 1 h 30 min, 45 min, −2 h.
  function hours(minutes) {
    var sign = minutes < 0 ? "\u2212" : "";
    var total = Math.abs(minutes);
    var whole = Math.floor(total / 60);
    var rest = total % 60;
    var unit = messages.hourUnit || "h";
    if (whole && rest) {
      return sign + whole + "\u00a0" + unit + " " + rest + "\u00a0min";
    }
    if (whole) {
      return sign + whole + "\u00a0" + unit;
    }
    return sign + rest + "\u00a0min";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function show(nodes) {
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    nodes.forEach(function (node) {
      body.appendChild(node);
    });
  }

  function hint(text) {
    show([element("p", "hint", text)]);
  }

  function term(list, label, value) {
    list.appendChild(element("dt", null, label));
    list.appendChild(element("dd", null, value));
  }

  function refusal(result) {
    var option = fields.customer && fields.customer.options[fields.customer.selectedIndex];
    var limit = option ? option.getAttribute("data-overdraft-limit") : "";
    var allowance = limit === "0" || !limit ? messages.noOverdraft
      : fill(messages.overdraftLimit, { limit: hours(parseInt(limit, 10)) });
    return fill(messages.refused, {
      balance: hours(result.balance_minutes),
      needed: hours(result.billed_minutes),
      limit: allowance
    });
  }

  function render(result) {
    var headline = element("p");
    headline.appendChild(element("span", "outcome " + result.outcome, messages[result.outcome] || result.outcome));
    headline.appendChild(document.createTextNode(" \u2013 "));
    headline.appendChild(element("strong", null, (result.label || {})[language] || ""));
    var nodes = [headline, element("p", "reason", (result.reason || {})[language] || "")];
    var list = element("dl", "terms");
    // The clause of the terms in words, the rule's id beside it for staff (never the id alone).
    list.appendChild(element("dt", null, messages.terms));
    var terms = list.appendChild(element("dd"));
    terms.appendChild(document.createTextNode((result.clause || "") + " "));
    terms.appendChild(element("code", "rule-id", result.rule_id));
    term(list, messages.billed, hours(result.billed_minutes || 0));
    if (result.balance_minutes !== null && result.balance_minutes !== undefined) {
      term(list, messages.balanceNow, hours(result.balance_minutes));
      term(list, messages.balanceAfter, hours(result.balance_after));
    }
    nodes.push(list);
    if (result.balance_minutes === null || result.balance_minutes === undefined) {
      nodes.push(element("p", "hint", messages.noCustomer));
    }
    if (result.refused) {
      var warning = element("p", "flash error");
      warning.appendChild(element("strong", null, messages.refusedTitle + ":"));
      warning.appendChild(document.createTextNode(" " + refusal(result)));
      nodes.push(warning);
    }
    show(nodes);
  }

  // Minutes from what a person types, as the page's form reads it: 90, 1:30, 1 h 30 min, 1 tim 30 min, 1,5 h.
  // Anything else is sent as typed, and the API names the problem.
  function durationMinutes(text) {
    var value = text.replace(/\s+/g, " ").trim();
    if (/^\d+$/.test(value)) { return parseInt(value, 10); }
    var clock = /^(\d{1,2}):([0-5]\d)$/.exec(value);
    if (clock) { return parseInt(clock[1], 10) * 60 + parseInt(clock[2], 10); }
    var spoken = /^(?:(\d+(?:[.,]\d+)?)\s*(?:h|t|tim|timme|timmar|hours?|hrs?))?\s*(?:(\d+)\s*(?:m|min|minuter|minut|minutes?|mins)?)?$/i.exec(value);
    if (spoken && (spoken[1] || spoken[2])) {
      var total = (spoken[1] ? parseFloat(spoken[1].replace(",", ".")) * 60 : 0) + (spoken[2] ? parseInt(spoken[2], 10) : 0);
      if (total === Math.round(total)) { return total; }
    }
    return value;
  }

  function facts() {
    var data = { category: fields.category.value };
    var minutes = fields.minutes ? fields.minutes.value.trim() : "";
    if (minutes !== "") {
      data.minutes = durationMinutes(minutes);
    }
    if (fields.customer && fields.customer.value) {
      data.customer_id = parseInt(fields.customer.value, 10);
    }
    data.root_cause = fields.rootCause && fields.rootCause.value ? fields.rootCause.value : null;
    data.partner_new_major_version = fields.major ? fields.major.checked : null;
    var reference = fields.reference ? fields.reference.value.trim() : "";
    data.agreement_reference = reference || null;
    var caseId = fields.caseId ? fields.caseId.value.trim() : "";
    if (/^\d{1,9}$/.test(caseId)) {
      data.case_id = parseInt(caseId, 10);
    }
    return data;
  }

  // A problem+json answer: the field problems themselves read better than the one-line summary.
  function problem(answer, response) {
    var errors = answer && answer.errors;
    if (errors && typeof errors === "object") {
      var texts = [];
      Object.keys(errors).forEach(function (field) {
        texts = texts.concat(errors[field]);
      });
      if (texts.length) {
        return texts.join(" ");
      }
    }
    return (answer && answer.detail) || response.statusText;
  }

  function classify() {
    if (!fields.category || !fields.category.value) {
      hint(messages.noCategory);
      return;
    }
    var request = ++latest;
    if (inFlight) {
      inFlight.abort();
    }
    inFlight = window.AbortController ? new AbortController() : null;
    panel.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(facts()),
      signal: inFlight ? inFlight.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (request !== latest) {
          return;
        }
        if (response.ok) {
          render(answer);
        } else {
          show([element("p", "flash error", fill(messages.failed, { detail: problem(answer, response) }))]);
        }
      });
    }).catch(function (error) {
      if (request === latest && !(error && error.name === "AbortError")) {
        show([element("p", "flash error", messages.offline)]);
      }
    }).then(function () {
      if (request === latest) {
        panel.removeAttribute("aria-busy");
      }
    });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(classify, 300);
  }

  function showCategoryHelp() {
    var option = fields.category.options[fields.category.selectedIndex];
    var help = option ? option.getAttribute("data-help") : "";
    if (categoryHint && help) {
      categoryHint.textContent = help;
    }
  }

  if (fields.category) {
    fields.category.addEventListener("change", function () {
      showCategoryHelp();
      classify();
    });
  }
  [fields.customer, fields.rootCause, fields.major].forEach(function (field) {
    if (field) {
      field.addEventListener("change", classify);
    }
  });
  [fields.minutes, fields.reference, fields.caseId].forEach(function (field) {
    if (field) {
      field.addEventListener("input", soon);
    }
  });
})();
