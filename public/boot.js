// The loading screen's two messages, so it is never blank or endless: a browser too old for
// the app (no JavaScript modules), or a start that stalls. A plain script, as old browsers
// read it; a file rather than inline, as the Content-Security-Policy requires.
(function () {
  var text = document.getElementById('boot-text');
  if (!text) return;
  if (!('noModule' in document.createElement('script'))) {
    text.textContent = '这个浏览器太旧，打不开邻里。请换用手机自带的浏览器，或把微信更新到最新版。';
    return;
  }
  setTimeout(function () {
    var still = document.getElementById('boot-text');
    if (still) still.textContent = '还在打开…如果一直停在这里，请到信号好的地方刷新页面；还不行的话，请换用手机自带的浏览器。';
  }, 30000);
  warmUpStorage();
})();

// Opens the device's database while the app's code is still downloading and compiling, so
// that the browser has it ready (a fifth of a second on a slow phone) when the app opens
// it. Never creates it: a device that has none yet leaves that to the app, which builds
// its schema. Lets go after ten seconds, or at once when a newer app asks to upgrade it.
function warmUpStorage() {
  if (!window.indexedDB) return;
  var request;
  try {
    request = indexedDB.open('linli');
  } catch (e) {
    return;
  }
  request.onupgradeneeded = function () {
    request.transaction.abort();
  };
  request.onerror = function (event) {
    event.preventDefault();
  };
  request.onsuccess = function () {
    var db = request.result;
    db.onversionchange = function () {
      db.close();
    };
    setTimeout(function () {
      db.close();
    }, 10000);
  };
}
