// The camera button at the door: only where the browser can read QR codes
// itself (BarcodeDetector); everywhere else the volunteer types or uses a
// scanner that types. The code goes into the same field and form.
(function () {
    "use strict";
    const button = document.querySelector("[data-scan]");
    if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
        return;
    }
    button.hidden = false;
    const form = button.form;
    const video = form.querySelector("[data-camera]");
    const status = form.querySelector("[data-scan-status]");
    const input = form.querySelector("input[name=code]");

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
                    stream.getTracks().forEach(function (track) { track.stop(); });
                    video.hidden = true;
                    input.value = found[0].rawValue;
                    form.requestSubmit();
                    return;
                }
                window.requestAnimationFrame(look);
            };
            look();
        } catch (error) {
            if (stream) {
                stream.getTracks().forEach(function (track) { track.stop(); });
            }
            video.hidden = true;
            status.textContent = button.dataset.failedText;
            input.focus();
        }
    });
})();
