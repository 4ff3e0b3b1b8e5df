// The page script of the peerkit site: reads the filters from the URL hash,
// selects the matching supports with the same rules as `peerkit select`,
// and shows or hides the server-rendered cards. It reads only the data
// embedded in the page and never writes markup from data (textContent only).
(function () {
  "use strict";

  var DIMENSIONS = [
    { flag: "role", field: "roles", list: "roles", label: "Role" },
    { flag: "intensity", field: "intensities", list: "intensities", label: "Intensity" },
    { flag: "readiness", field: "readiness", list: "readiness", label: "Readiness stage" },
    { flag: "obstacle", field: "obstacles", list: "obstacles", label: "Obstacle" }
  ];

  // The terms a record has in one dimension; gaps have no obstacle
  // filter, so they return null there.
  function entryTerms(entry, dimension) {
    return dimension.flag === "obstacle" ? entry.obstacles : entry.fits[dimension.field];
  }

  function gapTerms(gap, dimension) {
    return dimension.flag === "obstacle" ? null : gap.affects[dimension.field];
  }

  // null when the profile gives values and the record has none of them,
  // otherwise the shared terms (empty when the profile leaves it out).
  function matchDimension(record, wanted) {
    if (!wanted || wanted.length === 0) {
      return [];
    }
    var shared = record.filter(function (term) { return wanted.indexOf(term) !== -1; });
    return shared.length > 0 ? shared : null;
  }

  function matchRecord(record, profile, termsOf) {
    var reasons = [];
    for (var i = 0; i < DIMENSIONS.length; i++) {
      var dimension = DIMENSIONS[i];
      var held = termsOf(record, dimension);
      if (held === null) {
        continue;
      }
      var terms = matchDimension(held, profile[dimension.field]);
      if (terms === null) {
        return null;
      }
      if (terms.length > 0) {
        reasons.push({ dimension: dimension.flag, terms: terms });
      }
    }
    return reasons;
  }

  function conditionApplies(condition, profile) {
    if (!condition) {
      return "applies";
    }
    var named = false;
    var unknown = false;
    for (var i = 0; i < DIMENSIONS.length; i++) {
      var field = DIMENSIONS[i].field;
      var terms = condition[field] || [];
      if (terms.length === 0) {
        continue;
      }
      named = true;
      var wanted = profile[field] || [];
      if (wanted.length === 0) {
        unknown = true;
      } else if (!terms.some(function (term) { return wanted.indexOf(term) !== -1; })) {
        return "does-not-apply";
      }
    }
    return unknown || !named ? "unknown" : "applies";
  }

  // The same selection as `peerkit select` without drafts: the data lists
  // entries in tool kit order (category in vocabulary order, then id) and
  // gaps by id.
  function select(data, profile) {
    var shown = data.entries.filter(function (entry) {
      return entry.status === "proposed" || entry.status === "adopted";
    });
    var baseline = [];
    var entries = [];
    shown.forEach(function (entry) {
      if (entry.baseline.required) {
        baseline.push({ id: entry.id, applies: conditionApplies(entry.baseline.condition, profile) });
        return;
      }
      var reasons = matchRecord(entry, profile, entryTerms);
      if (reasons !== null) {
        entries.push({ id: entry.id, category: entry.category, reasons: reasons });
      }
    });
    var gaps = [];
    data.gaps.forEach(function (gap) {
      if (gap.status !== "open") {
        return;
      }
      var reasons = matchRecord(gap, profile, gapTerms);
      if (reasons !== null) {
        gaps.push({ id: gap.id, reasons: reasons });
      }
    });
    return { baseline: baseline, entries: entries, gaps: gaps };
  }

  function labelOf(data, list, id) {
    var terms = data.vocabulary[list] || [];
    for (var i = 0; i < terms.length; i++) {
      if (terms[i].id === id) {
        return terms[i].label;
      }
    }
    return id;
  }

  // Reads `#role=pra&role=navigator&intensity=contract` (a comma-separated
  // list also works) into a profile plus categories. Unknown ids and unknown
  // keys are dropped and listed in `ignored` as `key=value`.
  function readHash(data, hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ""));
    var state = { profile: {}, categories: [], ignored: [] };
    var keys = DIMENSIONS.map(function (d) { return { flag: d.flag, field: d.field, list: d.list }; });
    keys.push({ flag: "category", field: null, list: "categories" });
    keys.forEach(function (key) {
      var values = [];
      params.getAll(key.flag).forEach(function (raw) {
        raw.split(",").forEach(function (value) {
          value = value.trim();
          if (value === "" || values.indexOf(value) !== -1) {
            return;
          }
          var known = (data.vocabulary[key.list] || []).some(function (term) { return term.id === value; });
          if (known) {
            values.push(value);
          } else {
            state.ignored.push(key.flag + "=" + value);
          }
        });
      });
      if (key.field) {
        state.profile[key.field] = values;
      } else {
        state.categories = values;
      }
    });
    var flags = keys.map(function (key) { return key.flag; });
    params.forEach(function (value, name) {
      if (flags.indexOf(name) === -1) {
        state.ignored.push(name + "=" + value);
      }
    });
    return state;
  }

  function writeHash(form) {
    var params = new URLSearchParams();
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      params.append(box.name, box.value);
    });
    var text = params.toString();
    var url = window.location.pathname + window.location.search + (text ? "#" + text : "");
    window.history.replaceState(null, "", url);
  }

  function syncForm(form, state) {
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var dimension = DIMENSIONS.filter(function (d) { return d.flag === box.name; })[0];
      var values = dimension ? state.profile[dimension.field] : state.categories;
      box.checked = values.indexOf(box.value) !== -1;
    });
  }

  function describeProfile(data, profile) {
    return DIMENSIONS.map(function (dimension) {
      var values = profile[dimension.field] || [];
      var words = values.length === 0
        ? "any"
        : values.map(function (id) { return labelOf(data, dimension.list, id); }).join(" or ");
      return dimension.label + ": " + words + ".";
    }).join(" ");
  }

  function describeReasons(data, reasons) {
    if (reasons.length === 0) {
      return "Matches every project: no filter chosen.";
    }
    return "Matched " + reasons.map(function (reason) {
      var dimension = DIMENSIONS.filter(function (d) { return d.flag === reason.dimension; })[0];
      var labels = reason.terms.map(function (id) { return labelOf(data, dimension.list, id); });
      return dimension.label.toLowerCase() + " " + labels.join(", ");
    }).join("; ") + ".";
  }

  var APPLIES_WORDS = {
    "applies": "Applies to this project.",
    "does-not-apply": "Does not apply to this project.",
    "unknown": "Check whether it applies: the profile leaves out what the condition depends on."
  };

  function setText(node, text) {
    if (node) {
      node.textContent = text;
    }
  }

  function render(data, state) {
    var result = select(data, state.profile);
    var categories = state.categories;
    var shownEntries = {};
    result.entries.forEach(function (found) {
      if (categories.length === 0 || categories.indexOf(found.category) !== -1) {
        shownEntries[found.id] = found;
      }
    });
    var shownGaps = {};
    result.gaps.forEach(function (found) { shownGaps[found.id] = found; });

    document.querySelectorAll("[data-entry]").forEach(function (card) {
      var found = shownEntries[card.getAttribute("data-entry")];
      card.hidden = !found;
      if (found) {
        setText(card.querySelector(".why"), describeReasons(data, found.reasons));
      }
    });
    document.querySelectorAll("[data-gap]").forEach(function (card) {
      var found = shownGaps[card.getAttribute("data-gap")];
      card.hidden = !found;
      if (found) {
        setText(card.querySelector(".why"), describeReasons(data, found.reasons));
      }
    });
    var appliesById = {};
    result.baseline.forEach(function (item) { appliesById[item.id] = item.applies; });
    document.querySelectorAll("[data-baseline]").forEach(function (card) {
      var applies = appliesById[card.getAttribute("data-baseline")];
      if (applies) {
        card.setAttribute("data-applies", applies);
        setText(card.querySelector(".applies"), APPLIES_WORDS[applies]);
      }
    });
    document.querySelectorAll("[data-group]").forEach(function (group) {
      group.hidden = group.querySelector("[data-entry]:not([hidden]), [data-gap]:not([hidden])") === null;
    });
    document.querySelectorAll("[data-empty-for]").forEach(function (note) {
      var group = document.getElementById(note.getAttribute("data-empty-for"));
      note.hidden = !group || group.querySelector("[data-entry]:not([hidden]), [data-gap]:not([hidden])") !== null;
    });

    var count = Object.keys(shownEntries).length;
    var gapCount = Object.keys(shownGaps).length;
    var status = count + " matching support" + (count === 1 ? "" : "s") + ", " +
      result.baseline.length + " baseline requirement" + (result.baseline.length === 1 ? "" : "s") +
      " (always shown), " + gapCount + " open gap" + (gapCount === 1 ? "" : "s") + ".";
    if (state.ignored.length > 0) {
      status += " Ignored unknown filters in the address: " + state.ignored.join(", ") + ".";
    }
    setText(document.querySelector("[data-filter-status]"), status);
    setText(document.querySelector("[data-profile-summary]"), describeProfile(data, state.profile));
    return result;
  }

  function start() {
    var holder = document.getElementById("peerkit-data");
    if (!holder) {
      return;
    }
    var data = JSON.parse(holder.textContent);
    window.peerkit = { data: data, select: select };
    var form = document.querySelector("form[data-filters]");
    var update = function () {
      var state = readHash(data, window.location.hash);
      if (form) {
        syncForm(form, state);
      }
      render(data, state);
    };
    if (form) {
      form.addEventListener("change", function () {
        writeHash(form);
        update();
      });
      form.addEventListener("reset", function () {
        window.setTimeout(function () {
          writeHash(form);
          update();
        }, 0);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("hashchange", update);
    document.documentElement.setAttribute("data-script", "ready");
    update();
  }

  start();
})();
