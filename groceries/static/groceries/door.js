// The door with JavaScript: the number is checked and the visit recorded
// without reloading the page, so the verdict shows at once and the field is
// ready for the next badge. The server answers the same forms with JSON when
// asked; without JavaScript (or when the request fails) the forms post as
// usual. The camera button appears only where the browser can read QR codes
// itself (BarcodeDetector).
(function () {
    "use strict";
    const form = document.querySelector("form.door__check");
    const live = document.querySelector("[data-verdict]");
    if (!form || !live || !window.fetch) {
        return;
    }
    const input = form.querySelector("input[name=code]");
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

    function post(url, body) {
        return fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        }).then(function (response) {
            return response.json();
        });
    }

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function ready() {
        input.value = "";
        input.focus();
    }

    function clearServerVerdict() {
        // A verdict the server rendered (before this script took over) goes.
        document.querySelectorAll("section.verdict, form.door__visit, .door__next, .messages").forEach(function (node) {
            if (!live.contains(node)) {
                node.remove();
            }
        });
    }

    function say(text, tone) {
        live.replaceChildren(element("p", "message message--" + tone, text));
    }

    function warnBelow(text) {
        // Keeps the verdict and its form: the volunteer taps again.
        live.querySelectorAll(".message").forEach(function (node) {
            node.remove();
        });
        live.append(element("p", "message message--error", text));
    }

    function showVerdict(data) {
        if (data.error) {
            say(data.error, "error");
            input.focus();
            return;
        }
        clearServerVerdict();
        const panel = element("section", "verdict verdict--" + data.tone);
        const title = element("h2", "verdict__title");
        title.append(element("span", "verdict__icon", data.icon), " " + data.title);
        title.firstChild.setAttribute("aria-hidden", "true");
        panel.append(title);
        if (data.admitted) {
            panel.append(element("p", "verdict__name", data.first_name));
            const facts = element("dl", "verdict__facts");
            data.facts.forEach(function (fact) {
                const row = element("div");
                row.append(element("dt", "", fact[0]), element("dd", "", fact[1]));
                facts.append(row);
            });
            panel.append(facts);
        }
        panel.append(element("p", "verdict__advice", data.advice));
        live.replaceChildren(panel);
        if (data.admitted) {
            live.append(visitForm(data));
        }
        ready();
    }

    function visitForm(data) {
        const visit = element("form", "form door__visit");
        const field = element("div", "field");
        const label = element("label", "", live.dataset.personsLabel);
        const persons = element("input");
        persons.type = "number";
        persons.name = "persons";
        persons.id = "door-persons";
        persons.min = "1";
        persons.max = "30";
        persons.value = data.persons;
        persons.inputMode = "numeric";
        label.htmlFor = "door-persons";
        field.append(label, persons);
        const button = element("button", "button button--primary", live.dataset.recordLabel);
        button.type = "submit";
        visit.append(field, button);
        visit.addEventListener("submit", function (event) {
            event.preventDefault();
            button.disabled = true;
            const body = new FormData();
            body.append("badge", data.badge);
            body.append("nonce", data.nonce);
            body.append("persons", persons.value);
            post(live.dataset.visitUrl, body)
                .then(function (answer) {
                    say(answer.message, answer.ok ? "success" : "error");
                    const served = document.querySelector("[data-served]");
                    if (served && answer.served) {
                        served.textContent = answer.served;
                    }
                    ready();
                })
                .catch(function () {
                    // The same nonce makes a second try harmless. Disabling
                    // the button took the focus away: give it back for the retry.
                    button.disabled = false;
                    warnBelow(live.dataset.offlineText);
                    button.focus();
                });
        });
        return visit;
    }

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        post(form.action, new FormData(form))
            .then(showVerdict)
            .catch(function () {
                form.submit();
            });
    });

    const button = form.querySelector("[data-scan]");
    if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
        return;
    }
    button.hidden = false;
    const video = form.querySelector("[data-camera]");
    const status = form.querySelector("[data-scan-status]");

    function stop(stream) {
        if (stream) {
            stream.getTracks().forEach(function (track) { track.stop(); });
        }
        video.hidden = true;
    }

    button.addEventListener("click", async function () {
        let stream;
        try {
            const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
            stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
            video.srcObject = stream;
            video.hidden = false;
            await video.play();
            status.textContent = button.dataset.scanningText;
            const look = async function () {
                const found = await detector.detect(video);
                if (found.length) {
                    stop(stream);
                    status.textContent = "";
                    input.value = found[0].rawValue;
                    form.requestSubmit();
                    return;
                }
                window.requestAnimationFrame(look);
            };
            look();
        } catch (error) {
            stop(stream);
            status.textContent = button.dataset.failedText;
            input.focus();
        }
    });
})();
