// Live filter of the dataset list. The page works without it: the same box submits ?q= to the hub.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("filter");
  const list = document.getElementById("datasets");
  if (!box || !list) {
    return;
  }
  const apply = () => {
    const needle = box.value.trim().toLowerCase();
    for (const item of list.querySelectorAll("li")) {
      item.hidden = needle !== "" && !item.dataset.name.toLowerCase().includes(needle);
    }
  };
  box.addEventListener("input", apply);
  apply();
});
