/** The overview's words (namespace "overview"). */
import { dictionary } from "../../i18n/dictionary";

export default dictionary(
  {
    nav: "Overview",
    heading: "Plant overview",
  },
  {
    nav: "总览",
    heading: "工厂总览",
  },
);
